"use client";

import { useState, useTransition } from "react";
import { removeTotpAction } from "@/app/(app)/account/security/actions";
import { followRefusal } from "@/components/account/follow-refusal";

export function RemoveTotpButton() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    confirm("Turn off the authenticator app? Its recovery codes stop working too.") &&
    startTransition(async () => {
      const result = await removeTotpAction();
      if (!result.ok && !followRefusal(result)) setError(result.message);
    });
  return (
    <div>
      <button
        type="button"
        onClick={remove}
        disabled={pending}
        className="rounded-lg px-3 py-1.5 text-sm font-semibold text-rose-700 ring-1 ring-inset ring-rose-200 hover:bg-rose-50"
      >
        Turn off
      </button>
      {error ? <p className="mt-2 text-sm text-rose-600">{error}</p> : null}
    </div>
  );
}
