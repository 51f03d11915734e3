import { CodeStepUpForm } from "./code-step-up-form";

/** For accounts without a factor: a fresh code to the account's own address. */
export function EmailCodeStepUp({
  email,
  sent,
  policy,
  returnTo,
  error,
}: {
  email: string;
  sent: boolean;
  policy: string;
  returnTo: string;
  error?: string;
}) {
  const sendForm = (label: string, primary: boolean) => (
    <form method="post" action="/api/step-up/email-code">
      <input type="hidden" name="policy" value={policy} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button
        type="submit"
        className={
          primary
            ? "inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            : "text-sm font-medium text-indigo-600 hover:text-indigo-500"
        }
      >
        {label}
      </button>
    </form>
  );
  if (!sent) {
    return (
      <div className="space-y-3">
        <p className="text-sm leading-6 text-slate-600">We&apos;ll send a 6‑digit code to {email}.</p>
        {sendForm("Email me a code", true)}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm leading-6 text-slate-600">We sent a code to {email}. It works for ten minutes, in this browser only.</p>
      <CodeStepUpForm method="email-code" policy={policy} returnTo={returnTo} error={error} />
      {sendForm("Send a new code", false)}
    </div>
  );
}
