"use client";

import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { confirmEmailChangeAction, revertEmailChangeAction } from "@/app/(app)/account/email/actions";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

const KINDS = {
  confirm: { action: confirmEmailChangeAction, button: "Confirm new address" },
  revert: { action: revertEmailChangeAction, button: "Undo the change" },
} as const;

function Done({ kind, email }: { kind: keyof typeof KINDS; email: string }) {
  const linkClass = "font-semibold underline";
  return kind === "confirm" ? (
    <>
      Done: you now sign in with <strong>{email}</strong>.{" "}
      <Link href="/account" className={linkClass}>
        Go to your account
      </Link>
    </>
  ) : (
    <>
      Your address is {email} again and every session was signed out.{" "}
      <Link href="/signin" className={linkClass}>
        Sign in
      </Link>{" "}
      and review your passkeys and authenticator app.
    </>
  );
}

/**
 * Email-change links keep their secret in the URL fragment, which is never sent to the
 * server: opening the link (or a mail scanner fetching it) does nothing until the person
 * clicks the button, which posts the secret.
 */
export function EmailLinkAction({ changeId, kind }: { changeId: string; kind: keyof typeof KINDS }) {
  const [token, setToken] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: true; email: string } | { ok: false; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const secret = window.location.hash.slice(1);
    // Out of the address bar and history at once; it lives only in memory now.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the fragment exists only in the browser
    setToken(/^[A-Za-z0-9_-]{43}$/.test(secret) ? secret : "");
  }, []);

  if (result?.ok) {
    return (
      <Notice tone="success">
        <Done kind={kind} email={result.email} />
      </Notice>
    );
  }
  if (token === "") return <Notice tone="error">This link is incomplete. Copy the whole link from the email.</Notice>;
  return (
    <div className="space-y-4">
      {result && !result.ok ? <Notice tone="error">{result.message}</Notice> : null}
      <Button
        type="button"
        disabled={token === null}
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const answer = await KINDS[kind].action({ changeId, token: token ?? "" });
            setResult(answer.ok ? { ok: true, email: answer.data.email } : { ok: false, message: answer.message });
          })
        }
      >
        {KINDS[kind].button}
      </Button>
    </div>
  );
}
