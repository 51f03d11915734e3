"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/**
 * A plain form POST (works without JavaScript); the server answers with a 303. With JavaScript,
 * a value that is not six digits gets the page's own error text instead of the browser's bubble.
 */
export function CodeForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <form method="post" action="/api/sign-in/code" onSubmit={() => setPending(true)} className="space-y-3 border-t border-slate-100 pt-6">
      <TextField
        id="code"
        name="code"
        label="6-digit code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        placeholder="123456"
        error={error}
        onInvalid={(event) => {
          event.preventDefault();
          setError(
            /\D/.test(event.currentTarget.value)
              ? "The code has digits only: type the 6 numbers from the email."
              : "Type all 6 digits from the email.",
          );
        }}
        onChange={() => setError(undefined)}
        className="text-center font-mono text-lg tracking-[0.5em]"
      />
      <Button type="submit" variant="secondary" pending={pending}>
        Sign in with code
      </Button>
    </form>
  );
}
