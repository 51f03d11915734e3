"use client";

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { followRefusal, postJson } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** Asks the browser for this account's passkey (user verification required), then goes back. */
export function PasskeyStepUp({ policy, returnTo }: { policy: string; returnTo: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function stepUp() {
    setPending(true);
    setError(null);
    try {
      const options = await postJson("/api/step-up/passkey/options", {});
      if (!options.ok) return followRefusal(options) || setError(options.message ?? "Could not start.");
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options.options as PublicKeyCredentialRequestOptionsJSON });
      } catch {
        return setError("The passkey check was cancelled or timed out. Try again.");
      }
      const result = await postJson("/api/step-up/passkey/verify", { response, policy, returnTo });
      if (!result.ok) return followRefusal(result) || setError(result.message ?? "That did not work.");
      window.location.assign(String(result.redirectTo));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Button type="button" onClick={stepUp} pending={pending}>
        Use your passkey
      </Button>
    </div>
  );
}
