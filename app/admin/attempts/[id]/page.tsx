import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/admin/_components/action-form";
import { Pill, RiskBadge, StatusText } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { PageHeader, Panel } from "@/app/admin/_components/panels";
import { DeliveryStages } from "@/app/admin/attempts/[id]/_components/delivery-stages";
import { DeviceCards } from "@/app/admin/attempts/[id]/_components/device-cards";
import { EventTimeline } from "@/app/admin/attempts/[id]/_components/event-timeline";
import { RiskReasons } from "@/app/admin/attempts/[id]/_components/risk-reasons";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { loadAttemptTimeline } from "@/lib/admin/attempt-timeline";
import { requireAdmin } from "@/lib/admin/require-admin";
import { OPEN_STATUSES } from "@/lib/magic-link/attempt-status";
import { cancelAttemptAction, lockAccountFromAttemptAction } from "../actions";

export const metadata: Metadata = { title: "Attempt timeline" };

export default async function AttemptTimelinePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/attempts/${id}`);
  const timeline = await loadAttemptTimeline(id);
  if (!timeline) notFound();
  await recordAdminView(admin, "attempt", { attemptId: id });
  const { attempt } = timeline;
  const isOpen = (OPEN_STATUSES as readonly string[]).includes(attempt.status);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/attempts" className="text-indigo-600 hover:text-indigo-500">
          ← Attempts
        </Link>
      </p>
      <PageHeader
        title={attempt.email}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusText status={attempt.status} />
            <RiskBadge level={attempt.riskLevel} score={attempt.riskScore} />
            <span>requested {formatUtc(attempt.requestedAt)}</span>
            <span className="font-mono text-xs text-slate-500">{attempt.id}</span>
          </span>
        }
        actions={
          attempt.user ? (
            <Link
              href={`/admin/users/${attempt.user.id}`}
              className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Open user {attempt.user.lockedAt ? "(locked)" : ""}
            </Link>
          ) : (
            <Pill>no account yet</Pill>
          )
        }
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Panel title="Progress" description="How far the email and the link got, each step at its first event after the request.">
            <DeliveryStages stages={timeline.delivery.stages} stop={timeline.delivery.stop} requestedAt={attempt.requestedAt} />
          </Panel>
          <Panel title="Devices" description="The browser that asked, and any that approved or signed in.">
            <DeviceCards devices={timeline.devices} />
          </Panel>
          <Panel
            title="Timeline"
            description="Every recorded event, relative to the request. IPs are masked here; the device cards show them in full."
          >
            {timeline.entries.length === 0 ? (
              <p className="text-sm text-slate-500">No events were recorded for this attempt.</p>
            ) : (
              <EventTimeline entries={timeline.entries} summary={timeline.summary} />
            )}
            {timeline.truncated ? (
              <p className="mt-3 text-xs text-amber-700">Only the first 1,000 events are shown; see the audit log for the rest.</p>
            ) : null}
          </Panel>
        </div>
        <div className="space-y-6">
          <Panel title="Risk" description={`Score ${attempt.riskScore} of 100`}>
            <RiskReasons reasons={timeline.riskReasons} />
          </Panel>
          <Panel title="Sessions from this sign-in">
            {timeline.sessions.length === 0 ? (
              <p className="text-sm text-slate-500">No live session came from this attempt.</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="attempt-sessions">
                {timeline.sessions.map((session) => (
                  <li key={session.id}>
                    <span className="font-medium text-slate-900">{session.device}</span>
                    <span className="block text-xs text-slate-500">
                      {session.ip ?? "unknown IP"} · last seen {formatUtc(session.lastSeenAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title="Actions">
            <div className="space-y-4">
              {isOpen ? (
                <ActionForm
                  action={cancelAttemptAction}
                  label="Cancel attempt"
                  tone="danger"
                  fields={{ attemptId: attempt.id }}
                  confirm="Cancel this sign-in? Its link and code stop working."
                  testId="cancel-attempt"
                />
              ) : (
                <p className="text-sm text-slate-500">This attempt is closed; nothing to cancel.</p>
              )}
              {attempt.user && !attempt.user.lockedAt && attempt.user.id !== admin.userId ? (
                <ActionForm
                  action={lockAccountFromAttemptAction}
                  label="Lock account"
                  tone="danger"
                  fields={{ userId: attempt.user.id, attemptId: attempt.id }}
                  confirm="Lock this account? All its sessions end and open links stop working."
                  testId="lock-account"
                >
                  <label className="block w-full text-xs font-medium text-slate-600">
                    Reason (kept in the audit log)
                    <input
                      name="reason"
                      required
                      minLength={3}
                      maxLength={200}
                      defaultValue="Suspicious sign-in"
                      className="mt-1 block w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
                    />
                  </label>
                </ActionForm>
              ) : attempt.user?.lockedAt ? (
                <p className="text-sm text-rose-700">The account is locked since {formatUtc(attempt.user.lockedAt)}.</p>
              ) : null}
            </div>
          </Panel>
          {timeline.alerts.length > 0 ? (
            <Panel title="Alerts">
              <ul className="space-y-2 text-sm">
                {timeline.alerts.map((alert) => (
                  <li key={alert.id}>
                    <span className="font-medium text-slate-900">{alert.title}</span>
                    <span className="block text-xs text-slate-500">
                      {alert.acknowledgedAt ? `acknowledged by ${alert.acknowledgedBy ?? "an admin"}` : "open"}
                    </span>
                  </li>
                ))}
              </ul>
            </Panel>
          ) : null}
        </div>
      </div>
    </>
  );
}
