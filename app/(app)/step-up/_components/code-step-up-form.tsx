import { TextField } from "@/components/ui/text-field";

const FIELDS = {
  totp: {
    label: "Code from your authenticator app",
    placeholder: "123456",
    inputMode: "numeric",
    autoComplete: "one-time-code",
    maxLength: 7,
    button: "Confirm with code",
  },
  "recovery-code": {
    label: "Recovery code",
    placeholder: "xxxxx-xxxxx",
    inputMode: "text",
    autoComplete: "off",
    maxLength: 13,
    button: "Use recovery code",
  },
  "email-code": {
    label: "Code from the email",
    placeholder: "123456",
    inputMode: "numeric",
    autoComplete: "one-time-code",
    maxLength: 7,
    button: "Confirm with code",
  },
  "admin-invitation": {
    label: "Invitation code",
    placeholder: "xxxx-xxxx-xxxx-xxxx",
    inputMode: "text",
    autoComplete: "off",
    maxLength: 24,
    button: "Use invitation",
  },
} as const;

/** A plain form POST (works without JavaScript); the server answers with a 303 back here or onwards. */
export function CodeStepUpForm({
  method,
  policy,
  returnTo,
  error,
}: {
  method: keyof typeof FIELDS;
  policy: string;
  returnTo: string;
  error?: string;
}) {
  const field = FIELDS[method];
  return (
    <form method="post" action="/api/step-up/code" className="space-y-3">
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="policy" value={policy} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <TextField
        id={`code-${method}`}
        name="code"
        label={field.label}
        placeholder={field.placeholder}
        inputMode={field.inputMode}
        autoComplete={field.autoComplete}
        maxLength={field.maxLength}
        required
        error={error}
        className="font-mono tracking-[0.2em]"
      />
      <button
        type="submit"
        className="inline-flex w-full items-center justify-center rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
      >
        {field.button}
      </button>
    </form>
  );
}
