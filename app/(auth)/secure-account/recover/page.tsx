import type { Metadata } from "next";
import { OwnerRecovery } from "@/app/(auth)/secure-account/recover/_components/owner-recovery";
import { AuthCard } from "@/components/ui/auth-card";

export const metadata: Metadata = { title: "Unlock your account" };

/**
 * Where the owner lifts the lock their own "this wasn't me" click set, without a session: with
 * a passkey, or with their address and a code from their authenticator app or a recovery code.
 * An emailed link only brings them here; it unlocks nothing.
 */
export default function RecoverPage() {
  return (
    <AuthCard
      title="Unlock your account"
      subtitle="If you locked your account from a “this wasn’t me” link, prove it is you with a passkey, your authenticator app or a recovery code. A lock set by an administrator can only be lifted by them."
    >
      <OwnerRecovery />
    </AuthCard>
  );
}
