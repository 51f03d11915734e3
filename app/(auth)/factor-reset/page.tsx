import type { Metadata } from "next";
import { CancelFactorReset } from "@/app/(auth)/factor-reset/_components/cancel-factor-reset";
import { AuthCard } from "@/components/ui/auth-card";

export const metadata: Metadata = { title: "Cancel the factor reset" };

/**
 * Reached from the link in a factor-reset notice, in any browser, signed in or not. Opening it
 * changes nothing (mail scanners open links); the button does.
 */
export default async function FactorResetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reset } = await searchParams;
  return (
    <AuthCard
      title="Cancel the reset of your factors?"
      subtitle="An administrator asked to remove your passkeys, authenticator app and recovery codes."
    >
      <CancelFactorReset resetId={typeof reset === "string" ? reset : ""} />
    </AuthCard>
  );
}
