"use client";

import { useEffect, useRef, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { LinkView } from "@/lib/magic-link/link/open-link";
import { failureMessage } from "@/lib/magic-link/failure-reasons";
import { linkHeading, type LinkPhase as Phase } from "./link-heading";
import { OtherDeviceApproval } from "./other-device-approval";

export function LinkLanding({ attemptId, linkTtlMinutes }: { attemptId: string; linkTtlMinutes: number }) {
  const [phase, setPhase] = useState<Phase>({ state: "loading" });
  const [token, setToken] = useState("");
  const redeemForm = useRef<HTMLFormElement>(null);
  // Read once: the first run takes the secret out of the address bar, so a second run of the
  // effect (React's development double-invoke, a remount) would find no fragment and wrongly
  // call a complete link incomplete.
  const fragment = useRef<string | null>(null);

  useEffect(() => {
    if (fragment.current === null) {
      fragment.current = window.location.hash.slice(1);
      // Take the secret out of the address bar and history at once.
      window.history.replaceState(null, "", window.location.pathname);
    }
    let current = true;
    void askWhatThisBrowserMayDo(attemptId, fragment.current).then(({ token, phase }) => {
      if (!current) return;
      setToken(token);
      setPhase(phase);
    });
    return () => {
      current = false;
    };
  }, [attemptId]);

  useEffect(() => {
    // Same browser that asked: the binding cookie already proves it, so submit without a click.
    if (phase.state === "redeem-here") redeemForm.current?.requestSubmit();
  }, [phase.state]);

  return (
    <div className="space-y-5" aria-live="polite">
      <h1 className="mb-6 text-xl font-semibold tracking-tight text-slate-900">{linkHeading(phase)}</h1>
      <form ref={redeemForm} method="post" action="/api/sign-in/redeem" className="space-y-4">
        <input type="hidden" name="attemptId" value={attemptId} />
        <input type="hidden" name="token" value={token} />
        {phase.state === "confirm-other-device" ? <input type="hidden" name="confirmOtherDevice" value="yes" /> : null}
        {phase.state === "loading" || phase.state === "redeem-here" ? (
          <div className="flex items-center gap-3 text-sm text-slate-700">
            <Spinner className="h-5 w-5 text-indigo-600" /> Checking your link…
          </div>
        ) : null}
        {phase.state === "redeem-here" ? (
          <noscript>
            <Button type="submit">Continue</Button>
          </noscript>
        ) : null}
        {phase.state === "confirm-other-device" ? (
          <>
            <Notice tone="info" title="This is not the browser where you asked for the link">
              Only continue if you asked for this link yourself.
            </Notice>
            <Button type="submit">Sign in on this device as {phase.maskedEmail}</Button>
          </>
        ) : null}
      </form>
      <noscript>
        <Notice tone="warning" title="JavaScript is needed to use this link">
          Type the 6‑digit code from the email in the tab where you asked for it instead.
        </Notice>
      </noscript>
      {phase.state === "approve-for-original" ? (
        <OtherDeviceApproval attemptId={attemptId} token={token} requester={phase.requester} />
      ) : null}
      {phase.state === "refuse-other-device" ? (
        <Notice tone="warning" title={failureMessage("other-browser", linkTtlMinutes).title}>
          {failureMessage("other-browser", linkTtlMinutes).body}
        </Notice>
      ) : null}
      {phase.state === "failed" ? (
        <FailurePanel attemptId={attemptId} token={token} reason={phase.reason} linkTtlMinutes={linkTtlMinutes} />
      ) : null}
      {phase.state === "no-token" ? (
        <Notice tone="error" title="This link is incomplete">
          Part of the link is missing. Open it straight from the email, or type the 6‑digit code in the tab where you asked.{" "}
          <a className="font-semibold underline" href="/signin">
            Request a new link
          </a>
        </Notice>
      ) : null}
      {phase.state === "error" ? (
        <Notice tone="error" title="Something went wrong">
          We could not check this link just now. Reload the page in a moment.
        </Notice>
      ) : null}
    </div>
  );
}

/** POSTs the fragment's token: proof that a script ran with the secret. Nothing is consumed. */
async function askWhatThisBrowserMayDo(attemptId: string, token: string): Promise<{ token: string; phase: Phase }> {
  if (!token) return { token, phase: { state: "no-token" } };
  try {
    const response = await fetch("/api/sign-in/open", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ attemptId, token }),
    });
    return { token, phase: response.ok ? ((await response.json()).view as LinkView) : { state: "error" } };
  } catch {
    return { token, phase: { state: "error" } };
  }
}

function FailurePanel({
  attemptId,
  token,
  reason,
  linkTtlMinutes,
}: {
  attemptId: string;
  token: string;
  reason: Extract<LinkView, { state: "failed" }>["reason"];
  linkTtlMinutes: number;
}) {
  const message = failureMessage(reason, linkTtlMinutes);
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-4">
      <Notice tone="error" title={message.title}>
        {message.body}
      </Notice>
      {reason !== "not-found" ? (
        <form method="post" action="/api/sign-in/resend" onSubmit={() => setPending(true)}>
          <input type="hidden" name="attemptId" value={attemptId} />
          <input type="hidden" name="token" value={token} />
          <Button type="submit" pending={pending}>
            Send me a new link
          </Button>
        </form>
      ) : (
        <a className="block text-center text-sm font-semibold text-indigo-600" href="/signin">
          Request a new link
        </a>
      )}
    </div>
  );
}
