import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CodeStepUpForm } from "@/app/(app)/step-up/_components/code-step-up-form";
import { EmailCodeStepUp } from "@/app/(app)/step-up/_components/email-code-step-up";
import { PasskeyStepUp } from "@/app/(app)/step-up/_components/passkey-step-up";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { requireSessionEvenAwaitingFactor } from "@/lib/auth/current-session";
import { readEnv } from "@/lib/env";
import { stepUpErrorMessages } from "@/lib/errors/user-messages";
import { checkStepUp } from "@/lib/step-up/check-step-up";
import type { StepUpRefusalReason } from "@/lib/step-up/decide-step-up";
import { isStepUpPolicyName, stepUpPolicy } from "@/lib/step-up/policies";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";
import { signOutAction } from "../account/actions";

export const metadata: Metadata = { title: "Confirm it's you" };

const WHY: Record<StepUpRefusalReason, string> = {
  "no-proof": "confirm with more than an email link.",
  "proof-expired": "confirm again: your last check was a while ago.",
  idle: "confirm again: you have been away for a while.",
  "no-factor": "you need a passkey or an authenticator app, and your account has neither yet.",
  "needs-invitation":
    "administrators set up their first passkey or authenticator app with an invitation code, never with an email alone. Ask another administrator for one, or run `npm run admin:invite <your address>` on the server.",
};

type Params = Promise<Record<string, string | string[] | undefined>>;

export default async function StepUpPage({ searchParams }: { searchParams: Params }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.returnTo);
  // The one page a sign-in held back for its factor may see: for any other policy it is sent to
  // the sign-in step-up first.
  const session = await requireSessionEvenAwaitingFactor(returnTo);
  if (!isStepUpPolicyName(params.policy)) redirect("/account");
  if (session.awaitingSignInFactor && params.policy !== "account.signIn") redirect(stepUpPath("account.signIn", returnTo));
  const policy = stepUpPolicy(params.policy);
  const decision = await checkStepUp(session, policy.name);
  if (decision.allowed) redirect(returnTo);

  const accepted = new Set(decision.acceptedMethods);
  const errors = stepUpErrorMessages({ stepUpPauseMinutes: Math.round(readEnv().STEP_UP_CODE_FAILURES.durationSeconds / 60) });
  const error = typeof params.error === "string" && Object.hasOwn(errors, params.error) ? errors[params.error] : undefined;
  // The error belongs under the form that was used; anything else shows above all forms.
  const failedMethod = typeof params.method === "string" && accepted.has(params.method as never) ? params.method : null;
  const errorFor = (method: string) => (failedMethod === method ? error : undefined);
  const common = { policy: policy.name, returnTo };
  return (
    <AuthCard title="Confirm it's you" subtitle={`To ${policy.purpose}, ${WHY[decision.reason]}`}>
      <div className="space-y-6" data-testid="step-up" data-reason={decision.reason}>
        {error && !failedMethod ? <Notice tone="error">{error}</Notice> : null}
        {policy.gatesSignIn !== undefined ? (
          <p className="text-sm text-slate-600" data-testid="sign-in-factor-why">
            {policy.gatesSignIn === "always"
              ? "Your account has a passkey or an authenticator app, so an email alone never signs you in."
              : "Your account has a passkey or an authenticator app, and this browser has not used it before, so the email alone does not sign you in here. Once you confirm, this browser is recognised and signs in by email alone until you forget it on your security page."}
          </p>
        ) : null}
        {accepted.has("passkey") ? <PasskeyStepUp {...common} /> : null}
        {accepted.has("totp") ? (
          <div className={accepted.has("passkey") ? "border-t border-slate-100 pt-6" : ""}>
            <CodeStepUpForm method="totp" {...common} error={errorFor("totp")} />
          </div>
        ) : null}
        {accepted.has("recovery-code") ? (
          <details className="text-sm" open={failedMethod === "recovery-code"}>
            <summary className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-500">
              Lost your phone? Use a recovery code
            </summary>
            <div className="mt-3">
              <CodeStepUpForm method="recovery-code" {...common} error={errorFor("recovery-code")} />
            </div>
          </details>
        ) : null}
        {accepted.has("admin-invitation") ? (
          <CodeStepUpForm method="admin-invitation" {...common} error={errorFor("admin-invitation")} />
        ) : null}
        {accepted.has("email-code") ? (
          <EmailCodeStepUp
            email={session.user.email}
            sent={params.sent === "1" || failedMethod === "email-code"}
            {...common}
            error={errorFor("email-code")}
          />
        ) : null}
        {accepted.size === 0 ? (
          <Notice tone="warning" title="Set up a passkey or authenticator app first">
            Add one on your{" "}
            <Link href={`/account/security?returnTo=${encodeURIComponent(returnTo)}`} className="font-semibold underline">
              security page
            </Link>
            , then come back.
          </Notice>
        ) : null}
        {session.awaitingSignInFactor ? (
          <form action={signOutAction} className="text-center text-sm">
            <button type="submit" className="font-medium text-slate-600 hover:text-slate-900" data-testid="step-up-sign-out">
              Not now: sign out
            </button>
          </form>
        ) : (
          <p className="text-center text-sm">
            <Link href="/account" className="font-medium text-slate-600 hover:text-slate-900">
              Cancel
            </Link>
          </p>
        )}
      </div>
    </AuthCard>
  );
}
