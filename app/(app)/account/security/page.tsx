import type { Metadata } from "next";
import Link from "next/link";
import { AccountHeader } from "@/app/(app)/account/_components/account-header";
import { formatTime } from "@/app/(app)/account/_components/format-time";
import { SectionCard } from "@/app/(app)/account/_components/section-card";
import { AddPasskey } from "@/app/(app)/account/security/_components/add-passkey";
import { PasskeyRow } from "@/app/(app)/account/security/_components/passkey-row";
import { RecognisedDeviceList } from "@/app/(app)/account/security/_components/recognised-device-list";
import { RemoveTotpButton } from "@/app/(app)/account/security/_components/remove-totp-button";
import { TotpEnrolment } from "@/app/(app)/account/security/_components/totp-enrolment";
import { Notice } from "@/components/ui/notice";
import { listFactors, removedFactorRecently } from "@/lib/account/factors";
import { recognisedDevicesOf } from "@/lib/account/recognised-devices";
import { listSessions } from "@/lib/account/sessions";
import { requireSession } from "@/lib/auth/current-session";
import { readRequestFacts } from "@/lib/request/request-facts";
import { checkStepUp } from "@/lib/step-up/check-step-up";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";
import { revokeOtherSessionsAction } from "../session-actions";
import { forgetDeviceAction } from "./device-actions";

/** The security page, remembering where the person was going before they came to set up a factor. */
const securityPath = (returnTo: string) =>
  returnTo === "/account" ? "/account/security" : `/account/security?returnTo=${encodeURIComponent(returnTo)}`;

export const metadata: Metadata = { title: "Sign-in security" };

/**
 * Anyone signed in may look; adding or removing a factor needs account.manageFactors,
 * which every action checks again. The prompt here only saves a refused click.
 */
export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession("/account/security");
  const returnTo = safeReturnTo((await searchParams).returnTo);
  const [factors, decision, removedRecently, sessions, devices] = await Promise.all([
    listFactors(session.userId),
    checkStepUp(session, "account.manageFactors"),
    removedFactorRecently(session.userId),
    listSessions(session.userId),
    readRequestFacts().then((facts) => recognisedDevicesOf(session, facts)),
  ]);
  const hasFactor = factors.passkeys.length > 0 || factors.totpConfirmedAt !== null;
  const needsInvitation = !decision.allowed && decision.reason === "needs-invitation";
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <AccountHeader title="Sign-in security" />
      <p className="mt-3 text-sm leading-6 text-slate-600">
        You sign in with a link or code sent to your email. A passkey or an authenticator app lets you confirm it&apos;s you before
        sensitive changes, and is required for admin access.
      </p>

      {hasFactor && returnTo !== "/account" ? (
        <div className="mt-6">
          <Notice tone="success" title="You're set up">
            <Link href={returnTo} className="font-semibold underline" data-testid="continue-after-enrolment">
              Continue where you were going
            </Link>
          </Notice>
        </div>
      ) : null}

      {removedRecently && sessions.length > 1 ? (
        <div className="mt-6">
          <Notice tone="info" title="You removed a way to confirm it's you">
            If you removed it because a device was lost or someone else may have used it, sign out everywhere else too.
            <form action={revokeOtherSessionsAction} className="mt-3">
              <button
                type="submit"
                className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                Sign out all other sessions
              </button>
            </form>
          </Notice>
        </div>
      ) : null}

      {needsInvitation ? (
        <div className="mt-6">
          <Notice tone="warning" title="Administrators need an invitation for their first factor">
            An email link alone must never lead to the admin console, so your first passkey or authenticator app needs a one-time invitation
            code: ask another administrator for one, or run{" "}
            <code className="rounded bg-amber-100 px-1">npm run admin:invite {session.user.email}</code> on the server.{" "}
            <Link href={stepUpPath("account.manageFactors", securityPath(returnTo))} className="font-semibold underline">
              Enter an invitation code
            </Link>
          </Notice>
        </div>
      ) : !decision.allowed ? (
        <div className="mt-6">
          <Notice tone="info" title="Confirm it's you to make changes">
            {hasFactor
              ? "Adding or removing a passkey or authenticator app needs a check from the last few minutes."
              : "Your sign-in was a while ago, so we'll email you a code first."}{" "}
            <Link href={stepUpPath("account.manageFactors", securityPath(returnTo))} className="font-semibold underline">
              Confirm it&apos;s you
            </Link>
          </Notice>
        </div>
      ) : null}

      <SectionCard
        id="passkeys"
        title="Passkeys"
        description="Your fingerprint, face or screen lock on this device, a phone, or a security key."
      >
        {factors.passkeys.length === 0 ? <p className="pb-4 text-sm text-slate-500">No passkeys yet.</p> : null}
        <ul className="divide-y divide-slate-100">
          {factors.passkeys.map((passkey) => (
            <PasskeyRow
              key={passkey.id}
              passkey={{
                id: passkey.id,
                name: passkey.name,
                created: formatTime(passkey.createdAt),
                lastUsed: formatTime(passkey.lastUsedAt),
              }}
            />
          ))}
        </ul>
        <AddPasskey />
      </SectionCard>

      <SectionCard
        id="totp"
        title="Authenticator app"
        description="Six-digit codes from an app such as 1Password, Google Authenticator or Authy."
        action={factors.totpConfirmedAt ? <RemoveTotpButton /> : null}
      >
        {factors.totpConfirmedAt ? (
          <p className="text-sm text-slate-700" data-testid="totp-status">
            On since {formatTime(factors.totpConfirmedAt)}. {factors.recoveryCodesLeft} of 10 recovery codes left.
          </p>
        ) : (
          <TotpEnrolment />
        )}
      </SectionCard>

      {hasFactor || devices.length > 0 ? (
        <SectionCard
          id="recognised-devices"
          title="Recognised browsers"
          description="Browsers that confirmed with your passkey or authenticator app. They sign in with the emailed link or code alone; any other browser must confirm with your passkey or app too. Forget one you no longer use or trust."
        >
          <RecognisedDeviceList devices={devices} forgetAction={forgetDeviceAction} />
        </SectionCard>
      ) : null}
    </main>
  );
}
