import type { Metadata } from "next";
import Link from "next/link";
import { AccountHeader } from "@/app/(app)/account/_components/account-header";
import { ActivityList } from "@/app/(app)/account/_components/activity-list";
import { ApprovalRequests } from "@/app/(app)/account/_components/approval-requests";
import { formatTime } from "@/app/(app)/account/_components/format-time";
import { SectionCard } from "@/app/(app)/account/_components/section-card";
import { SessionList } from "@/app/(app)/account/_components/session-list";
import { recentActivity } from "@/lib/account/activity";
import { decidePasskeyOffer } from "@/lib/account/decide-passkey-offer";
import { listFactors } from "@/lib/account/factors";
import { methodsLabel } from "@/lib/account/method-labels";
import { listSessions } from "@/lib/account/sessions";
import { requireSession } from "@/lib/auth/current-session";
import { approvalRequestsFor } from "@/lib/auth/device-approval";
import { describeDevice } from "@/lib/request/device-description";
import { signOutAction } from "./actions";
import { revokeOtherSessionsAction, revokeSessionAction } from "./session-actions";

export const metadata: Metadata = { title: "Your account" };

const linkClass = "text-sm font-semibold text-indigo-600 hover:text-indigo-500";

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession("/account");
  const { approval } = await searchParams;
  const device = describeDevice(session.userAgent);
  const [sessions, factors, activity, approvals] = await Promise.all([
    listSessions(session.userId),
    listFactors(session.userId),
    recentActivity(session.userId),
    approvalRequestsFor(session),
  ]);
  const others = sessions.length - 1;
  const passkeyOffer = decidePasskeyOffer(session, { passkeys: factors.passkeys.length });
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <AccountHeader title="Your account" back={false}>
        <form action={signOutAction}>
          <button
            type="submit"
            className="rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Sign out
          </button>
        </form>
      </AccountHeader>

      <ApprovalRequests requests={approvals} outcome={typeof approval === "string" ? approval : null} />

      <SectionCard title="Signed in">
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-3">
          <div className="sm:col-span-3">
            <dt className="text-slate-500">Email</dt>
            <dd className="mt-1 flex flex-wrap items-baseline gap-3 font-medium text-slate-900">
              <span data-testid="account-email">{session.user.email}</span>
              <Link href="/account/email" className={linkClass}>
                Change
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Session started</dt>
            <dd className="mt-1 text-slate-900">
              <time dateTime={session.createdAt.toISOString()}>{formatTime(session.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">This device</dt>
            <dd className="mt-1 text-slate-900">{device.label}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Signed in with</dt>
            <dd className="mt-1 text-slate-900">{methodsLabel(session.amr)}</dd>
          </div>
        </dl>
      </SectionCard>

      <SectionCard
        id="security"
        title="Sign-in security"
        description="Passkeys and an authenticator app confirm it's you before sensitive changes."
        action={
          <Link href="/account/security" className={linkClass}>
            Manage
          </Link>
        }
      >
        {passkeyOffer.offer ? (
          <p className="mb-4 rounded-lg bg-indigo-50 px-3 py-2 text-sm leading-6 text-indigo-900" data-testid="passkey-offer">
            {passkeyOffer.firstPasskey ? "Skip the email next time: " : "No passkey on this device? "}
            <Link href="/account/security#passkeys" className="font-semibold underline underline-offset-2 hover:text-indigo-700">
              add a passkey
            </Link>{" "}
            and sign in here with your fingerprint, face or screen lock.
          </p>
        ) : null}
        <ul className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3" data-testid="factor-summary">
          <li>
            <span className="text-slate-500">Passkeys</span>
            <p className="mt-1 font-medium text-slate-900">{factors.passkeys.length || "None"}</p>
          </li>
          <li>
            <span className="text-slate-500">Authenticator app</span>
            <p className="mt-1 font-medium text-slate-900">{factors.totpConfirmedAt ? "On" : "Off"}</p>
          </li>
          <li>
            <span className="text-slate-500">Recovery codes left</span>
            <p className="mt-1 font-medium text-slate-900">{factors.totpConfirmedAt ? factors.recoveryCodesLeft : "—"}</p>
          </li>
        </ul>
      </SectionCard>

      <SectionCard
        id="sessions"
        title="Sessions"
        description="Everywhere you are signed in. Sign out any you don't recognise."
        action={
          others > 0 ? (
            <form action={revokeOtherSessionsAction}>
              <button
                type="submit"
                className="rounded-lg bg-rose-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-rose-500"
              >
                Sign out all other sessions
              </button>
            </form>
          ) : null
        }
      >
        <SessionList sessions={sessions} currentId={session.id} revokeAction={revokeSessionAction} />
      </SectionCard>

      <SectionCard id="activity" title="Recent activity" description="Sign-ins and security changes on your account, newest first.">
        <ActivityList events={activity} />
      </SectionCard>
    </main>
  );
}
