"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { followRefusal, postJson } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";

/** Creates a passkey on this device (or a phone or security key) with user verification. */
export function AddPasskey() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const options = await postJson("/api/passkeys/registration/options", {});
      if (!options.ok) return followRefusal(options) || setError(options.message ?? "Could not start.");
      let response;
      try {
        response = await startRegistration({ optionsJSON: options.options as PublicKeyCredentialCreationOptionsJSON });
      } catch {
        return setError("No passkey was created. Try again, or use another device or security key.");
      }
      const result = await postJson("/api/passkeys/registration/verify", { response, name });
      if (!result.ok) return followRefusal(result) || setError(result.message ?? "The passkey was not saved.");
      setName("");
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={add} className="space-y-3 border-t border-slate-100 pt-4">
      <TextField
        id="passkey-name"
        label="Name for the new passkey"
        hint="So you can tell your passkeys apart, e.g. “Work laptop”."
        value={name}
        maxLength={60}
        onChange={(event) => setName(event.target.value)}
      />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Button type="submit" pending={pending} className="sm:w-auto">
        Add a passkey
      </Button>
    </form>
  );
}
