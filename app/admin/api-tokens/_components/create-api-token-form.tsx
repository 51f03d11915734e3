"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors/action-result";

type Action = (previous: ActionResult<{ token: string }> | null, formData: FormData) => Promise<ActionResult<{ token: string }>>;

/** Creates an API token and shows it this once, in a field that selects itself for copying. */
export function CreateApiTokenForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-2" data-testid="create-api-token">
        <label className="text-xs font-medium text-slate-600">
          Name (what will use it)
          <input
            name="name"
            required
            minLength={3}
            maxLength={80}
            placeholder="e.g. Splunk production"
            className="mt-1 block w-80 max-w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:bg-indigo-300"
        >
          {pending ? "Working…" : "Create token"}
        </button>
      </form>
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {state.message}
        </p>
      ) : null}
      {state?.ok ? (
        <label className="block text-xs font-medium text-slate-600">
          Your new token (scope audit:read)
          <input
            readOnly
            value={state.data.token}
            onFocus={(event) => event.currentTarget.select()}
            data-testid="new-api-token"
            className="mt-1 block w-full rounded-lg border border-amber-300 bg-amber-50 px-2.5 py-1.5 font-mono text-sm"
          />
        </label>
      ) : null}
    </div>
  );
}
