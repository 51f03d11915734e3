import type { Metadata } from "next";
import { SecureAccountAction } from "@/app/(auth)/secure-account/_components/secure-account-action";
import { AuthCard } from "@/components/ui/auth-card";

export const metadata: Metadata = { title: "Secure your account" };

/**
 * Reached from the "this wasn't me" link of a new-device notice, in any browser, signed in or
 * not. Opening it changes nothing (mail scanners open links); the button does.
 */
export default async function SecureAccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { notice } = await searchParams;
  return (
    <AuthCard title="Wasn't you? Secure your account" subtitle="Someone signed in to your account from a browser it had not seen before.">
      <SecureAccountAction noticeId={typeof notice === "string" ? notice : ""} />
    </AuthCard>
  );
}
