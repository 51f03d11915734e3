"use client";

import { useState, useTransition } from "react";
import { removePasskeyAction, renamePasskeyAction } from "@/app/(app)/account/security/actions";
import { followRefusal } from "@/components/account/follow-refusal";

export interface PasskeyView {
  id: string;
  name: string;
  created: string;
  lastUsed: string;
}

export function PasskeyRow({ passkey }: { passkey: PasskeyView }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<{ ok: boolean; code?: string; message?: string; stepUpUrl?: string }>) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) return setEditing(false);
      if (!followRefusal(result)) setError(result.message ?? "That did not work.");
    });

  return (
    <li className="py-3" data-testid="passkey-row">
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => (event.preventDefault(), run(() => renamePasskeyAction({ passkeyId: passkey.id, name })))}
        >
          <label htmlFor={`rename-${passkey.id}`} className="sr-only">
            Passkey name
          </label>
          <input
            id={`rename-${passkey.id}`}
            value={name}
            maxLength={60}
            onChange={(event) => setName(event.target.value)}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
          />
          <button
            type="submit"
            disabled={pending}
            className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500"
          >
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)} className="px-2 py-1.5 text-sm text-slate-600">
            Cancel
          </button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="text-sm">
            <p className="font-medium text-slate-900">{passkey.name}</p>
            <p className="mt-0.5 text-xs text-slate-500">
              Added {passkey.created} · Last used {passkey.lastUsed}
            </p>
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => setEditing(true)}
              className="rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Rename
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                confirm(`Remove “${passkey.name}”? You can no longer use it to confirm it's you.`) &&
                run(() => removePasskeyAction({ passkeyId: passkey.id }))
              }
              className="rounded-lg px-3 py-1.5 text-sm font-semibold text-rose-700 ring-1 ring-inset ring-rose-200 hover:bg-rose-50"
            >
              Remove
            </button>
          </div>
        </div>
      )}
      {error ? <p className="mt-2 text-sm text-rose-600">{error}</p> : null}
    </li>
  );
}
