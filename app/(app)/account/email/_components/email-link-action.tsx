"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { confirmEmailChangeAction, revertEmailChangeAction } from "@/app/(app)/account/email/actions";
import { useFragmentSecret } from "@/components/account/use-fragment-secret";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { RevertProof } from "@/lib/account/check-revert-proof";
import type { RevertProofMethod } from "@/lib/account/revert-proof";
import { userMessage } from "@/lib/errors/user-messages";
import { RevertProofForm } from "./revert-proof-form";

const KINDS = {
  confirm: { button: "Confirm new address" },
  revert: { button: "Undo the change" },
} as const;

const FACTOR_NEEDED = userMessage("revertProof", "factor-required");

function Done({ kind, email, review }: { kind: keyof typeof KINDS; email: string; review: string[] }) {
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
      {review.length > 0 ? <> Added while the other address was in place, so check them first: {review.join(", ")}.</> : null}
    </>
  );
}

/**
 * Email-change links keep their secret in the URL fragment, which is never sent to the
 * server: opening the link (or a mail scanner fetching it) does nothing until the person
 * clicks the button, which posts the secret.
 */
export function EmailLinkAction({ changeId, kind }: { changeId: string; kind: keyof typeof KINDS }) {
  const token = useFragmentSecret();
  const [result, setResult] = useState<{ ok: true; email: string; review: string[] } | { ok: false; message: string } | null>(null);
  // Set when the account had a factor before the change: the undo must be proven with it.
  const [methods, setMethods] = useState<RevertProofMethod[] | null>(null);
  const [pending, startTransition] = useTransition();

  if (result?.ok) {
    return (
      <Notice tone="success">
        <Done kind={kind} email={result.email} review={result.review} />
      </Notice>
    );
  }
  if (token === "") return <Notice tone="error">This link is incomplete. Copy the whole link from the email.</Notice>;
  async function send(proof?: RevertProof) {
    if (kind === "confirm") {
      const answer = await confirmEmailChangeAction({ changeId, token: token ?? "" });
      return setResult(answer.ok ? { ok: true, email: answer.data.email, review: [] } : { ok: false, message: answer.message });
    }
    const answer = await revertEmailChangeAction({ changeId, token: token ?? "", proof });
    if (answer.ok) return setResult({ ok: true, ...answer.data });
    if ("methods" in answer) setMethods(answer.methods);
    setResult({ ok: false, message: answer.message });
  }

  return (
    <div className="space-y-4">
      {result && !result.ok ? (
        <Notice tone={methods && result.message === FACTOR_NEEDED ? "info" : "error"}>{result.message}</Notice>
      ) : null}
      {methods ? (
        <RevertProofForm changeId={changeId} token={token ?? ""} methods={methods} submit={send} />
      ) : (
        <Button type="button" disabled={token === null} pending={pending} onClick={() => startTransition(() => send())}>
          {KINDS[kind].button}
        </Button>
      )}
    </div>
  );
}
