"use client";

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
} from "@simplewebauthn/browser";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { askForPasskey } from "@/components/account/ask-for-passkey";
import { postJson } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/**
 * Passkey sign-in next to the email field. Where the browser has conditional mediation, a
 * request starts on load and the browser offers this site's passkeys in the email field's
 * autofill (autocomplete="username webauthn"); the button asks in the browser's own dialog,
 * and is there wherever WebAuthn is.
 */
const noSubscription = () => () => undefined;

export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  const supported = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Each round is one autofill request; the button's own request replaces it, so it starts a new round when done.
  const [autofillRound, setAutofillRound] = useState(0);

  const finish = useCallback(
    async (response: AuthenticationResponseJSON): Promise<boolean> => {
      const result = await postJson("/api/sign-in/passkey/verify", { response, callbackUrl });
      if (result.ok) {
        window.location.assign(String(result.redirectTo));
        return true;
      }
      setError(result.message ?? "That passkey can't sign you in.");
      return false;
    },
    [callbackUrl],
  );

  useEffect(() => {
    let stopped = false;
    async function offerInAutofill() {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      while (!stopped) {
        const answer = await askForPasskey(true, () => !stopped);
        // Replaced by the button's request, or the browser gave up: nothing to tell anyone.
        if (!answer || "message" in answer || stopped) return;
        setPending(true);
        if (await finish(answer)) return;
        setPending(false);
      }
    }
    void offerInAutofill();
    return () => {
      stopped = true;
      // Leaving the page (or starting a new round) ends the autofill request still waiting.
      WebAuthnAbortService.cancelCeremony();
    };
  }, [finish, autofillRound]);

  async function signInWithPasskey() {
    setPending(true);
    setError(null);
    const answer = await askForPasskey(false);
    if (answer && !("message" in answer) && (await finish(answer))) return;
    if (!answer) setError("No passkey was used. Try again, or get an email link instead.");
    else if ("message" in answer) setError(answer.message);
    setPending(false);
    setAutofillRound((round) => round + 1);
  }

  if (!supported) return null;
  return (
    <div className="mt-5 space-y-3" data-testid="passkey-sign-in">
      <div className="flex items-center gap-3 text-xs text-slate-400" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {error ? (
        <Notice tone="error">
          <span data-testid="passkey-sign-in-error">{error}</span>
        </Notice>
      ) : null}
      <Button type="button" variant="secondary" onClick={signInWithPasskey} pending={pending}>
        Sign in with a passkey
      </Button>
    </div>
  );
}
