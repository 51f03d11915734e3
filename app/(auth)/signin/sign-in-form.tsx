"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ActionResult } from "@/lib/errors/action-result";
import { requestSignInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<ActionResult<never> | null, FormData>(requestSignInAction, null);
  const refusal = state?.ok === false ? state : null;
  return (
    <form action={formAction} noValidate className="space-y-5">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="email"
        name="email"
        type="email"
        label="Email address"
        autoComplete="username webauthn"
        inputMode="email"
        placeholder="you@example.com"
        required
        maxLength={10_000}
        autoFocus
        defaultValue={refusal?.values?.email}
        error={refusal?.message}
        hint="We'll email you a link and a 6‑digit code."
      />
      <Button type="submit" pending={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
