import type { Metadata } from "next";
import { EmailLinkAction } from "@/app/(app)/account/email/_components/email-link-action";
import { AuthCard } from "@/components/ui/auth-card";

export const metadata: Metadata = { title: "Confirm your new email address" };

/** Reached from the link sent to the new address; works whether or not this browser is signed in. */
export default async function ConfirmEmailChangePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { change } = await searchParams;
  return (
    <AuthCard
      title="Confirm your new email address"
      subtitle="Confirm to start signing in with this address. Your other sessions will be signed out."
    >
      <EmailLinkAction changeId={typeof change === "string" ? change : ""} kind="confirm" />
    </AuthCard>
  );
}
