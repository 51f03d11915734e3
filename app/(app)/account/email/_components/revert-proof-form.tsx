"use client";

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState, useTransition } from "react";
import { postJson } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { RevertProof } from "@/lib/account/check-revert-proof";
import type { RevertProofMethod } from "@/lib/account/revert-proof";

/**
 * The second step of an undo on an account that had a factor before the change: a code from
 * the authenticator app (or a recovery code), or one of the account's earlier passkeys.
 */
export function RevertProofForm({
  changeId,
  token,
  methods,
  submit,
}: {
  changeId: string;
  token: string;
  methods: RevertProofMethod[];
  submit: (proof: RevertProof) => Promise<void>;
}) {
  const [code, setCode] = useState("");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const takesCodes = methods.includes("totp") || methods.includes("recovery-code");

  async function usePasskey() {
    setPasskeyError(null);
    const started = await postJson("/api/account/email-revert/passkey-options", { changeId, token });
    if (!started.ok) return setPasskeyError(started.message ?? "Could not start the passkey check.");
    let response;
    try {
      response = await startAuthentication({ optionsJSON: started.options as PublicKeyCredentialRequestOptionsJSON });
    } catch {
      return setPasskeyError("The passkey check was cancelled or timed out. Try again.");
    }
    await submit({ method: "passkey", response });
  }

  return (
    <div className="space-y-4">
      {takesCodes ? (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const typed = code.trim();
            const method = /^\d{3}\s?\d{3}$/.test(typed) && methods.includes("totp") ? "totp" : "recovery-code";
            startTransition(() => submit({ method, code: typed }));
          }}
        >
          <TextField
            id="revert-code"
            label={methods.includes("recovery-code") ? "Authenticator app code or recovery code" : "Authenticator app code"}
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            maxLength={64}
            required
          />
          <Button type="submit" pending={pending}>
            Undo the change
          </Button>
        </form>
      ) : null}
      {methods.includes("passkey") ? (
        <div className="space-y-2">
          {passkeyError ? <p className="text-sm text-rose-600">{passkeyError}</p> : null}
          <Button
            type="button"
            variant={takesCodes ? "secondary" : undefined}
            pending={pending}
            onClick={() => startTransition(usePasskey)}
          >
            Use your passkey
          </Button>
        </div>
      ) : null}
    </div>
  );
}
