"use client";

import { useState, useTransition } from "react";
import { secureAccountAction } from "@/app/(auth)/secure-account/actions";
import { useFragmentSecret } from "@/components/account/use-fragment-secret";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? " was" : "s were"}`;

type Result = { ok: true; sessionsEnded: number; linksCancelled: number } | { ok: false; message: string };

/**
 * The secret stays in the URL fragment, which is never sent to the server: opening the link (or
 * a mail scanner fetching it) does nothing until the person clicks, which posts the secret.
 */
export function SecureAccountAction({ noticeId }: { noticeId: string }) {
  const secret = useFragmentSecret();
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  if (result?.ok) {
    return (
      <Notice tone="success" title="Your account is locked">
        {counted(result.sessionsEnded, "session")} signed out and {counted(result.linksCancelled, "pending sign-in link")} cancelled. Nobody
        can sign in now, you included. Your administrator has been alerted. Protect your email account first, since whoever signed in may be
        able to read it; then{" "}
        <a className="font-semibold underline" href="/secure-account/recover">
          unlock your account
        </a>{" "}
        with your passkey, authenticator app or a recovery code, or ask your administrator to unlock it once they have checked it is you.
      </Notice>
    );
  }
  if (secret === "" || noticeId === "") return <Notice tone="error">This link is incomplete. Copy the whole link from the email.</Notice>;

  function secure() {
    startTransition(async () => {
      const answer = await secureAccountAction({ noticeId, secret: secret ?? "" });
      setResult(answer.ok ? { ok: true, ...answer.data } : { ok: false, message: answer.message });
    });
  }

  return (
    <div className="space-y-4">
      {result && !result.ok ? <Notice tone="error">{result.message}</Notice> : null}
      <ul className="list-disc space-y-1 pl-5 text-sm leading-6 text-slate-700">
        <li>Every session on your account is signed out, including whoever signed in.</li>
        <li>Sign-in links and codes already sent stop working.</li>
        <li>
          Sign-in is locked until you unlock it with your passkey, authenticator app or a recovery code, or your administrator unlocks it.
        </li>
      </ul>
      <p className="text-sm leading-6 text-slate-600">If the sign-in was you, close this page: nothing has changed.</p>
      <Button type="button" variant="danger" disabled={secret === null} pending={pending} onClick={secure}>
        Sign out everywhere and lock my account
      </Button>
    </div>
  );
}
