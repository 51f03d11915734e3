"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors/action-result";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

const buttonTones = {
  danger: "bg-rose-600 text-white hover:bg-rose-500 disabled:bg-rose-300",
  primary: "bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300",
  secondary: "bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
} as const;

/**
 * A one-button admin action with its hidden inputs (and any extra fields as children),
 * showing the action's answer next to it. Destructive ones ask for confirmation first.
 */
export function ActionForm({
  action,
  label,
  fields,
  tone = "secondary",
  confirm,
  children,
  testId,
}: {
  action: Action;
  label: string;
  fields: Record<string, string>;
  tone?: keyof typeof buttonTones;
  confirm?: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
      className="flex flex-wrap items-end gap-2"
      data-testid={testId}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button
        type="submit"
        disabled={pending}
        className={`rounded-lg px-3 py-1.5 text-sm font-semibold shadow-sm transition disabled:cursor-not-allowed ${buttonTones[tone]}`}
      >
        {pending ? "Working…" : label}
      </button>
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`w-full text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
