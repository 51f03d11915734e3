import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ChainStatus, ChainStatusPending } from "@/components/admin/chain-status";
import { formatUtc } from "@/components/admin/format";
import { WebhookStatusPanel } from "@/components/admin/webhook-status";
import { EmptyState, PageHeader, Panel } from "@/components/admin/panels";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { listAuditEvents, parseAuditFilters } from "@/lib/admin/audit-log";
import { checkAuditChain } from "@/lib/admin/chain-check";
import { requireAdmin } from "@/lib/admin/require-admin";
import { AUDIT_EVENT_TYPES } from "@/lib/audit/event-types";
import { auditWebhookStatus } from "@/lib/audit-stream/webhook-status";

export const metadata: Metadata = { title: "Audit log" };

const input = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin("/admin/audit");
  const { filters, invalid } = parseAuditFilters(await searchParams);
  const chainCheck = checkAuditChain();
  // Awaited later inside Suspense; this keeps an early failure from counting as unhandled.
  chainCheck.catch(() => undefined);
  const [{ events, nextBefore }, webhook] = await Promise.all([listAuditEvents(filters), auditWebhookStatus()]);
  await recordAdminView(admin, "audit", { type: filters.type, attemptId: filters.attemptId, filterUserId: filters.userId, before: filters.before });
  const keep = new URLSearchParams(Object.entries({ type: filters.type, attemptId: filters.attemptId, userId: filters.userId }).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const next = new URLSearchParams(keep);
  if (nextBefore) next.set("before", nextBefore);

  return (
    <>
      <PageHeader title="Audit log" description="Every recorded event, newest first. Append-only: each event carries a MAC only this app can make, and its hash covers the one before it." />
      <div className="mb-6">
        <Suspense fallback={<ChainStatusPending />}>
          <ChainStatus check={chainCheck} />
        </Suspense>
      </div>
      <div className="mb-6">
        <WebhookStatusPanel status={webhook} />
      </div>
      <Panel className="mb-6">
        <form method="get" className="grid grid-cols-1 gap-3 md:grid-cols-4" aria-label="Filter events">
          <label className="text-xs font-medium text-slate-600">
            Type
            <select name="type" defaultValue={filters.type ?? ""} className={input}>
              <option value="">Any</option>
              {AUDIT_EVENT_TYPES.map((type) => (
                <option key={type} value={type}>{type}</option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Attempt id
            <input name="attemptId" defaultValue={filters.attemptId ?? ""} className={`${input} font-mono`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            User id
            <input name="userId" defaultValue={filters.userId ?? ""} className={`${input} font-mono`} />
          </label>
          <div className="flex items-end gap-2">
            <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">Filter</button>
            <Link href="/admin/audit" className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">Clear</Link>
          </div>
        </form>
        {invalid.length > 0 ? <p role="alert" className="mt-2 text-xs text-rose-600">Ignored invalid filter(s): {invalid.join(", ")}.</p> : null}
      </Panel>
      <Panel>
        {events.length === 0 ? (
          <EmptyState title="No events match">Clear the filters to see the whole trail.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-xs" data-testid="audit-table">
              <thead className="border-b border-slate-200 uppercase tracking-wide text-slate-500">
                <tr>
                  {["#", "Time (UTC)", "Type", "Outcome", "Attempt", "User", "IP", "Reason / details", "Hash"].map((heading) => (
                    <th key={heading} scope="col" className="py-2 pr-3 font-medium">{heading}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {events.map((event) => (
                  <tr key={event.seq}>
                    <td className="py-1.5 pr-3 font-mono text-slate-500">{event.seq}</td>
                    <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums">{formatUtc(event.createdAt).replace(" UTC", "")}</td>
                    <td className="py-1.5 pr-3 font-medium text-slate-900">{event.type}</td>
                    <td className={`py-1.5 pr-3 ${event.outcome === "failure" ? "text-rose-700" : "text-slate-600"}`}>{event.outcome ?? ""}</td>
                    <td className="py-1.5 pr-3 font-mono">
                      {event.attemptId ? <Link href={`/admin/attempts/${event.attemptId}`} className="text-indigo-600 hover:underline">{event.attemptId.slice(0, 10)}…</Link> : ""}
                    </td>
                    <td className="py-1.5 pr-3 font-mono">
                      {event.userId ? <Link href={`/admin/users/${event.userId}`} className="text-indigo-600 hover:underline">{event.userId.slice(0, 10)}…</Link> : ""}
                    </td>
                    <td className="py-1.5 pr-3 font-mono">{event.ip ?? ""}</td>
                    <td className="max-w-sm py-1.5 pr-3 break-words text-slate-700">
                      {event.reason ? <span className="block">{event.reason}</span> : null}
                      {event.details && Object.keys(event.details as object).length > 0 ? <code className="block text-[11px] text-slate-500">{JSON.stringify(event.details)}</code> : null}
                    </td>
                    <td className="py-1.5 pr-3 font-mono text-slate-400" title={event.hash}>{event.hash.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex justify-between border-t border-slate-100 pt-4 text-sm">
          {filters.before ? <Link href={`/admin/audit${keep.size ? `?${keep}` : ""}`} className="font-medium text-indigo-600">← Newest</Link> : <span />}
          {nextBefore ? <Link href={`/admin/audit?${next}`} className="font-medium text-indigo-600" rel="next">Older →</Link> : <span className="text-slate-500">Start of the trail</span>}
        </div>
      </Panel>
    </>
  );
}
