import type { Metadata } from "next";
import Link from "next/link";
import { AccountHeader } from "@/components/account/account-header";
import { AddPasskey } from "@/components/account/add-passkey";
import { formatTime } from "@/components/account/format-time";
import { PasskeyRow } from "@/components/account/passkey-row";
import { RemoveTotpButton } from "@/components/account/remove-totp-button";
import { SectionCard } from "@/components/account/section-card";
import { TotpEnrolment } from "@/components/account/totp-enrolment";
import { Notice } from "@/components/ui/notice";
import { listFactors } from "@/lib/account/factors";
import { requireSession } from "@/lib/auth/current-session";
import { checkStepUp } from "@/lib/step-up/check-step-up";
import { stepUpPath } from "@/lib/step-up/return-to";

export const metadata: Metadata = { title: "Sign-in security" };

/**
 * Anyone signed in may look; adding or removing a factor needs account.manageFactors,
 * which every action checks again. The prompt here only saves a refused click.
 */
export default async function SecurityPage() {
  const session = await requireSession("/account/security");
  const [factors, decision] = await Promise.all([listFactors(session.userId), checkStepUp(session, "account.manageFactors")]);
  const hasFactor = factors.passkeys.length > 0 || factors.totpConfirmedAt !== null;
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <AccountHeader title="Sign-in security" />
      <p className="mt-3 text-sm leading-6 text-slate-600">
        You sign in with a link or code sent to your email. A passkey or an authenticator app lets you confirm it&apos;s you before sensitive changes, and is required for admin access.
      </p>

      {!decision.allowed ? (
        <div className="mt-6">
          <Notice tone="info" title="Confirm it's you to make changes">
            {hasFactor ? "Adding or removing a passkey or authenticator app needs a check from the last few minutes." : "Your sign-in was a while ago, so we'll email you a code first."}{" "}
            <Link href={stepUpPath("account.manageFactors", "/account/security")} className="font-semibold underline">
              Confirm it&apos;s you
            </Link>
          </Notice>
        </div>
      ) : null}

      <SectionCard id="passkeys" title="Passkeys" description="Your fingerprint, face or screen lock on this device, a phone, or a security key.">
        {factors.passkeys.length === 0 ? <p className="pb-4 text-sm text-slate-500">No passkeys yet.</p> : null}
        <ul className="divide-y divide-slate-100">
          {factors.passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={{ id: passkey.id, name: passkey.name, created: formatTime(passkey.createdAt), lastUsed: formatTime(passkey.lastUsedAt) }} />
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
    </main>
  );
}
