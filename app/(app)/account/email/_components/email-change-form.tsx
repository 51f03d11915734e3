"use client";

import { useState, useTransition } from "react";
import { requestEmailChangeAction } from "@/app/(app)/account/email/actions";
import { followRefusal } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";

export function EmailChangeForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setError(null);
      const result = await requestEmailChangeAction({ email });
      if (result.ok) return setSentTo(result.data.newEmail);
      if (!followRefusal(result)) setError(result.message);
    });
  };

  if (sentTo) {
    return (
      <Notice tone="success" title="Check the new inbox">
        If {sentTo} can be used, a confirmation link is on its way there. Your address changes only when you open it; the link works for 30
        minutes.
      </Notice>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <TextField
        id="new-email"
        name="email"
        type="email"
        label="New email address"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={error ?? undefined}
      />
      <Button type="submit" pending={pending} className="sm:w-auto">
        Send confirmation link
      </Button>
    </form>
  );
}
