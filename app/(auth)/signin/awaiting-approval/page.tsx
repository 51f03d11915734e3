import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { getCurrentSession, getSessionAwaitingApproval } from "@/lib/auth/current-session";
import { DEVICE_APPROVAL_WINDOW_MINUTES, stillAwaitingApproval } from "@/lib/auth/device-approval";
import { RefreshWhileWaiting } from "./refresh-while-waiting";

export const metadata: Metadata = { title: "Approve this sign-in from another device" };

/** Where a HIGH-risk sign-in to an account without a factor waits for a browser that signed in before. */
export default async function AwaitingApprovalPage() {
  if (await getCurrentSession()) redirect("/account");
  const held = await getSessionAwaitingApproval();
  if (!held || !stillAwaitingApproval(held)) {
    return (
      <AuthCard title="This sign-in is not waiting any more">
        <Notice tone="error">It was turned down, or nobody approved it in time.</Notice>
        <p className="mt-4 text-sm">
          <Link href="/signin" className="font-semibold text-indigo-600 hover:text-indigo-500">
            Start again
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Approve this sign-in from another device"
      subtitle="This sign-in looks unusual, so it needs the approval of a device you have signed in with before."
    >
      <RefreshWhileWaiting />
      <div className="space-y-4 text-sm leading-6 text-slate-700">
        <p>On that device, open your account page and type this number:</p>
        <p data-testid="approval-number" className="text-center text-4xl font-semibold tracking-widest text-slate-900">
          {held.approvalNumber}
        </p>
        <p>This page moves on by itself once you approve, within {DEVICE_APPROVAL_WINDOW_MINUTES} minutes of signing in.</p>
      </div>
    </AuthCard>
  );
}
