"use client";

import { useState, useTransition } from "react";
import { cancelFactorResetAction } from "@/app/(auth)/factor-reset/actions";
import { useFragmentSecret } from "@/components/account/use-fragment-secret";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Result = { ok: true } | { ok: false; message: string };

/**
 * The secret stays in the URL fragment, which is never sent to the server: opening the link (or
 * a mail scanner fetching it) does nothing until the person clicks, which posts the secret.
 */
export function CancelFactorReset({ resetId }: { resetId: string }) {
  const secret = useFragmentSecret();
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  if (result?.ok) {
    return (
      <Notice tone="success" title="Reset cancelled">
        Nothing will be removed: your passkeys, authenticator app and recovery codes keep working. Your administrators have been told. If
        you did not ask for the reset, tell them so: someone may be trying to take over your account.
      </Notice>
    );
  }
  if (secret === "" || resetId === "") return <Notice tone="error">This link is incomplete. Copy the whole link from the email.</Notice>;

  function cancel() {
    startTransition(async () => {
      const answer = await cancelFactorResetAction({ resetId, secret: secret ?? "" });
      setResult(answer.ok ? { ok: true } : { ok: false, message: answer.message });
    });
  }

  return (
    <div className="space-y-4">
      {result && !result.ok ? <Notice tone="error">{result.message}</Notice> : null}
      <p className="text-sm leading-6 text-slate-700">
        Cancel it if you did not ask for it, or no longer need it. The email we sent says when it takes effect; after that this link no
        longer works.
      </p>
      <p className="text-sm leading-6 text-slate-600">
        If you asked for the reset because you lost your factors, close this page: it goes ahead.
      </p>
      <Button type="button" variant="danger" disabled={secret === null} pending={pending} onClick={cancel}>
        Cancel the reset
      </Button>
    </div>
  );
}
