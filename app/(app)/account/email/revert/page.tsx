import type { Metadata } from "next";
import { EmailLinkAction } from "@/app/(app)/account/email/_components/email-link-action";
import { AuthCard } from "@/components/ui/auth-card";

export const metadata: Metadata = { title: "Undo the email change" };

/** Reached from the notice sent to the old address: one click restores it and signs everyone out. */
export default async function RevertEmailChangePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { change } = await searchParams;
  return (
    <AuthCard
      title="Undo the email change"
      subtitle="This puts your old address back and signs out every session, including whoever made the change."
    >
      <EmailLinkAction changeId={typeof change === "string" ? change : ""} kind="revert" />
    </AuthCard>
  );
}
