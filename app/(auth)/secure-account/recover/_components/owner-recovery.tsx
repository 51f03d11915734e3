"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { askForPasskey } from "@/components/account/ask-for-passkey";
import { postJson } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";

const noSubscription = () => () => undefined;

type Answer = { tone: "info" | "error"; text: string } | null;

/** The two ways to lift the owner's lock: a passkey (which then signs in), or address + code (which does not). */
export function OwnerRecovery() {
  const passkeys = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => false);
  const [passkeyPending, setPasskeyPending] = useState(false);
  const [passkeyAnswer, setPasskeyAnswer] = useState<string | null>(null);
  const [codePending, setCodePending] = useState(false);
  const [codeAnswer, setCodeAnswer] = useState<Answer>(null);

  async function unlockWithPasskey() {
    setPasskeyPending(true);
    setPasskeyAnswer(null);
    const answer = await askForPasskey(false);
    if (answer && !("message" in answer)) {
      const result = await postJson("/api/secure-account/recover/passkey", { response: answer });
      if (result.ok) {
        window.location.assign(String(result.redirectTo));
        return;
      }
      setPasskeyAnswer(result.message ?? "That passkey can't sign you in.");
    } else {
      setPasskeyAnswer(answer ? answer.message : "No passkey was used. Try again, or use a code below.");
    }
    setPasskeyPending(false);
  }

  async function unlockWithCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCodePending(true);
    const result = await postJson("/api/secure-account/recover/code", { email: form.get("email"), code: form.get("code") });
    setCodeAnswer({ tone: result.ok ? "info" : "error", text: String(result.message ?? "Something went wrong. Try again.") });
    setCodePending(false);
  }

  return (
    <div className="space-y-6">
      {passkeys ? (
        <div className="space-y-3">
          {passkeyAnswer ? (
            <Notice tone="error">
              <span data-testid="recover-passkey-answer">{passkeyAnswer}</span>
            </Notice>
          ) : null}
          <Button type="button" onClick={unlockWithPasskey} pending={passkeyPending}>
            Unlock with a passkey
          </Button>
          <p className="text-xs leading-5 text-slate-500">Your passkey unlocks the account and signs this browser in.</p>
        </div>
      ) : null}
      {passkeys ? (
        <div className="flex items-center gap-3 text-xs text-slate-400" aria-hidden>
          <span className="h-px flex-1 bg-slate-200" />
          or with a code
          <span className="h-px flex-1 bg-slate-200" />
        </div>
      ) : null}
      <form onSubmit={unlockWithCode} noValidate className="space-y-4">
        {codeAnswer ? (
          <Notice tone={codeAnswer.tone}>
            <span data-testid="recover-code-answer">{codeAnswer.text}</span>
          </Notice>
        ) : null}
        <TextField
          id="email"
          name="email"
          type="email"
          label="Email address"
          autoComplete="username"
          inputMode="email"
          placeholder="you@example.com"
          required
          maxLength={320}
        />
        <TextField
          id="code"
          name="code"
          label="Authenticator app code or recovery code"
          autoComplete="one-time-code"
          spellCheck={false}
          required
          maxLength={40}
          hint="The 6-digit code your app shows now, or one of the recovery codes you saved (xxxxx-xxxxx)."
        />
        <Button type="submit" variant="secondary" pending={codePending}>
          Unlock with a code
        </Button>
        <p className="text-xs leading-5 text-slate-500">A code unlocks the account but signs nobody in: sign in as usual afterwards.</p>
      </form>
      <p className="text-sm text-slate-600">
        No factor to hand? Ask your administrator to check it is you and unlock the account.{" "}
        <a className="font-medium text-indigo-600 hover:text-indigo-500" href="/signin">
          Back to sign-in
        </a>
      </p>
    </div>
  );
}
