import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/admin/_components/action-form";
import { RiskBadge } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { listAlerts } from "@/lib/admin/alerts";
import { requireAdmin } from "@/lib/admin/require-admin";
import { acknowledgeAlertAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };

const KIND_LABELS: Record<string, string> = {
  "high-risk-attempt": "High-risk sign-in",
  "burst-ip": "Burst from one IP",
  "burst-address": "Burst for one address",
  "owner-reported-sign-in": "Owner reported a sign-in",
};

function detailLines(details: unknown): string[] {
  const value = (details ?? {}) as { reasons?: unknown; reason?: unknown };
  if (Array.isArray(value.reasons)) return value.reasons.filter((reason): reason is string => typeof reason === "string");
  return typeof value.reason === "string" ? [value.reason] : [];
}

export default async function AlertsPage() {
  const admin = await requireAdmin("/admin/alerts");
  const { open, acknowledged } = await listAlerts();
  await recordAdminView(admin, "alerts", { open: open.length });
  return (
    <>
      <PageHeader
        title="Alerts"
        description="High-risk sign-ins and bursts of requests. Acknowledge an alert once someone has looked at it."
      />
      <Panel title={`Open (${open.length})`} className="mb-6">
        {open.length === 0 ? (
          <EmptyState title="No open alerts">New high-risk sign-ins and bursts appear here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="open-alerts">
            {open.map((alert) => (
              <li key={alert.id} className="flex flex-wrap items-start justify-between gap-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                    <RiskBadge level={alert.severity} />
                    <span>{alert.title}</span>
                  </p>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {KIND_LABELS[alert.kind] ?? alert.kind} · {formatUtc(alert.createdAt)}
                    {alert.attemptId ? (
                      <>
                        {" "}
                        ·{" "}
                        <Link href={`/admin/attempts/${alert.attemptId}`} className="text-indigo-600 hover:underline">
                          timeline
                        </Link>
                      </>
                    ) : null}
                    {alert.userId ? (
                      <>
                        {" "}
                        ·{" "}
                        <Link href={`/admin/users/${alert.userId}`} className="text-indigo-600 hover:underline">
                          user
                        </Link>
                      </>
                    ) : null}
                  </p>
                  {detailLines(alert.details).map((line) => (
                    <p key={line} className="mt-1 text-xs text-slate-700">
                      {line}
                    </p>
                  ))}
                </div>
                <ActionForm action={acknowledgeAlertAction} label="Acknowledge" fields={{ alertId: alert.id }} />
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Recently acknowledged">
        {acknowledged.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing acknowledged yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {acknowledged.map((alert) => (
              <li key={alert.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="text-slate-800">{alert.title}</span>
                <span className="text-xs text-slate-500">
                  by {alert.acknowledgedBy ?? "an admin"}, {formatUtc(alert.acknowledgedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
