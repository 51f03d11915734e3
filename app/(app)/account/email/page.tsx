import type { Metadata } from "next";
import { AccountHeader } from "@/app/(app)/account/_components/account-header";
import { SectionCard } from "@/app/(app)/account/_components/section-card";
import { EmailChangeForm } from "@/app/(app)/account/email/_components/email-change-form";
import { requireStepUp } from "@/lib/step-up/require-step-up";

export const metadata: Metadata = { title: "Change your email address" };

export default async function ChangeEmailPage() {
  const session = await requireStepUp("account.changeEmail", "/account/email");
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <AccountHeader title="Change your email address" />
      <SectionCard
        title="New address"
        description={
          <>
            You sign in with <strong className="font-medium text-slate-900">{session.user.email}</strong> today.
          </>
        }
      >
        <EmailChangeForm />
      </SectionCard>
      <SectionCard title="What happens next">
        <ul className="list-disc space-y-1 pl-5 text-sm leading-6 text-slate-600">
          <li>We send a confirmation link to the new address. Nothing changes until it is opened.</li>
          <li>Once confirmed, sign-in links go to the new address, and your other sessions are signed out.</li>
          <li>We tell {session.user.email} about the change, with a link to undo it for 7 days.</li>
        </ul>
      </SectionCard>
    </main>
  );
}
