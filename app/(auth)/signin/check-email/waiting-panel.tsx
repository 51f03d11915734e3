"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Notice } from "@/components/ui/notice";
import { Spinner } from "@/components/ui/button";
import type { OriginalTabStatus } from "@/lib/magic-link/request/original-tab-status";
import { failureMessage } from "@/lib/magic-link/failure-reasons";
import { DeliveryNotice, isDeliveryProblem, isUndeliverable } from "./delivery-notice";

const POLL_MS = 2_000;

/**
 * The requesting tab waits here. It polls the attempt's state, shows the number to type
 * when another device asks to approve this sign-in, and finishes the sign-in (a POST with
 * this browser's binding cookie) once that device typed it. `codeForm` is offered only while
 * a code could still work (not once the email was refused or bounced).
 */
export function WaitingPanel({
  initial,
  linkTtlMinutes,
  codeForm,
}: {
  initial: OriginalTabStatus;
  linkTtlMinutes: number;
  codeForm: ReactNode;
}) {
  const [status, setStatus] = useState(initial);
  const finishForm = useRef<HTMLFormElement>(null);
  // Once this tab submits a form (the code, or the approved finish), its navigation must not be
  // cut short: a poll answering "signed-in" meanwhile would otherwise abort it before the
  // session cookie arrives.
  const submitting = useRef(false);

  useEffect(() => {
    const markSubmitting = () => (submitting.current = true);
    document.addEventListener("submit", markSubmitting);
    return () => document.removeEventListener("submit", markSubmitting);
  }, []);

  useEffect(() => {
    if (status.phase === "approved") finishForm.current?.requestSubmit();
    // Redeemed elsewhere in this browser (the link opened in another tab): follow it there.
    // Signed in from another tab of this browser (the link opened there): follow, with a full
    // navigation so the page is rendered with the session cookie that tab received.
    if (status.phase === "signed-in" && !submitting.current) window.location.assign(status.redirectTo);
    if (status.phase === "none" || status.phase === "failed" || status.phase === "approved" || status.phase === "signed-in") return;
    const timer = setInterval(async () => {
      if (submitting.current) return;
      try {
        const response = await fetch("/api/sign-in/status", { cache: "no-store" });
        if (response.ok) setStatus((await response.json()).status);
      } catch {
        // Offline for a moment: keep the last state and try again.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [status]);

  return (
    <div aria-live="polite">
      <form ref={finishForm} method="post" action="/api/sign-in/finish" hidden />
      {status.phase === "waiting" && !isDeliveryProblem(status.delivery) ? (
        <div className="flex items-center gap-3 rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-700">
          <Spinner className="h-4 w-4 text-indigo-600" />
          <span>{status.delivery === "SENT" ? "Email sent. Waiting for you to open the link…" : "Sending the email…"}</span>
        </div>
      ) : null}
      {status.phase === "waiting" && isDeliveryProblem(status.delivery) ? <DeliveryNotice delivery={status.delivery} /> : null}
      {status.phase === "approval-requested" ? (
        <div className="rounded-xl border border-indigo-200 bg-indigo-50 p-5 text-center">
          <p className="text-sm font-medium text-indigo-900">
            Another device opened your sign-in link. If that was you, type this number there:
          </p>
          <p className="mt-3 font-mono text-5xl font-bold tracking-widest text-indigo-700" data-testid="approval-number">
            {status.number}
          </p>
          <p className="mt-3 text-xs text-indigo-800">Not you? Do nothing: without this number nobody can finish signing in.</p>
        </div>
      ) : null}
      {status.phase === "approved" ? (
        <div className="flex items-center gap-3 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          <Spinner className="h-4 w-4" /> Approved on your other device. Signing you in…
        </div>
      ) : null}
      {status.phase === "failed" ? (
        <Notice tone="error" title={failureMessage(status.reason, linkTtlMinutes).title}>
          {failureMessage(status.reason, linkTtlMinutes).body}{" "}
          <a className="font-semibold underline" href="/signin">
            Send me a new link
          </a>
        </Notice>
      ) : null}
      {status.phase === "finishing" ? (
        <div className="flex items-center gap-3 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          <Spinner className="h-4 w-4" /> Your link was opened in another tab. Signing you in…
        </div>
      ) : null}
      {status.phase === "failed" ||
      status.phase === "approved" ||
      status.phase === "finishing" ||
      status.phase === "signed-in" ||
      (status.phase === "waiting" && isUndeliverable(status.delivery)) ? null : (
        <div className="mt-6">{codeForm}</div>
      )}
    </div>
  );
}
