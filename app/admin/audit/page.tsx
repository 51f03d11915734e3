import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { ChainStatus, ChainStatusPending } from "@/app/admin/audit/_components/chain-status";
import { WebhookStatusPanel } from "@/app/admin/audit/_components/webhook-status";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { listAuditEvents, parseAuditFilters } from "@/lib/admin/audit-log";
import { checkAuditChain } from "@/lib/admin/chain-check";
import { requireAdmin } from "@/lib/admin/require-admin";
import { auditWebhookStatus } from "@/lib/audit-stream/webhook-status";
import { AUDIT_EVENT_TYPES } from "@/lib/audit/event-types";

export const metadata: Metadata = { title: "Audit log" };

const input = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm";
const FILTER_LABELS = { type: "Type", attemptId: "Attempt id", userId: "User id", before: "Page", adminViews: "Admin page views" } as const;
/** What the admin typed, shown back as typed (an invalid value is not in `filters`). */
const typed = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin("/admin/audit");
  const params = await searchParams;
  const { filters, fieldErrors } = parseAuditFilters(params);
  const invalid = Object.keys(fieldErrors).length > 0;
  const chainCheck = checkAuditChain();
  // Awaited later inside Suspense; this keeps an early failure from counting as unhandled.
  chainCheck.catch(() => undefined);
  // An invalid filter shows nothing: the whole trail would look like an answer to the question asked.
  const [{ events, nextBefore }, webhook] = await Promise.all([
    invalid ? Promise.resolve({ events: [], nextBefore: null }) : listAuditEvents(filters),
    auditWebhookStatus(),
  ]);
  await recordAdminView(admin, "audit", {
    type: filters.type,
    attemptId: filters.attemptId,
    filterUserId: filters.userId,
    before: filters.before,
  });
  const keep = new URLSearchParams(
    Object.entries({ type: filters.type, attemptId: filters.attemptId, userId: filters.userId, adminViews: filters.adminViews }).filter(
      (entry): entry is [string, string] => Boolean(entry[1]),
    ),
  );
  const next = new URLSearchParams(keep);
  if (nextBefore) next.set("before", nextBefore);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every recorded event, newest first. Append-only: each event carries a MAC only this app can make, and its hash covers the one before it."
      />
      <div className="mb-6">
        <Suspense fallback={<ChainStatusPending />}>
          <ChainStatus check={chainCheck} />
        </Suspense>
      </div>
      <div className="mb-6">
        <WebhookStatusPanel status={webhook} />
      </div>
      <Panel className="mb-6">
        <form method="get" className="grid grid-cols-1 gap-3 md:grid-cols-5" aria-label="Filter events">
          <label className="text-xs font-medium text-slate-600">
            Type
            <select name="type" defaultValue={filters.type ?? ""} className={input}>
              <option value="">Any</option>
              {AUDIT_EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Attempt id
            <input
              name="attemptId"
              defaultValue={typed(params.attemptId)}
              className={`${input} font-mono`}
              aria-invalid={fieldErrors.attemptId ? true : undefined}
            />
            {fieldErrors.attemptId ? <span className="mt-1 block text-rose-600">{fieldErrors.attemptId}</span> : null}
          </label>
          <label className="text-xs font-medium text-slate-600">
            User id
            <input
              name="userId"
              defaultValue={typed(params.userId)}
              className={`${input} font-mono`}
              aria-invalid={fieldErrors.userId ? true : undefined}
            />
            {fieldErrors.userId ? <span className="mt-1 block text-rose-600">{fieldErrors.userId}</span> : null}
          </label>
          <label className="flex items-center gap-2 self-end pb-2 text-xs font-medium text-slate-600">
            <input
              type="checkbox"
              name="adminViews"
              value="show"
              defaultChecked={filters.adminViews === "show"}
              className="rounded border-slate-300"
            />
            Show admins&apos; page views
          </label>
          <div className="flex items-end gap-2">
            <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
              Filter
            </button>
            <Link href="/admin/audit" className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">
              Clear
            </Link>
          </div>
        </form>
        {invalid ? (
          <p role="alert" className="mt-3 text-sm text-rose-700">
            {Object.entries(fieldErrors)
              .map(([key, message]) => `${FILTER_LABELS[key as keyof typeof FILTER_LABELS]}: ${message}`)
              .join(". ")}
            . Correct the filter to see events.
          </p>
        ) : null}
      </Panel>
      <Panel>
        {events.length === 0 ? (
          <EmptyState title={invalid ? "No events: a filter is invalid" : "No events match"}>
            {invalid ? "Correct it above, or clear the filters." : "Clear the filters to see the whole trail."}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-xs" data-testid="audit-table">
              <thead className="border-b border-slate-200 uppercase tracking-wide text-slate-500">
                <tr>
                  {["#", "Time", "Type", "Outcome", "Attempt", "User", "IP", "Reason / details", "Hash"].map((heading) => (
                    <th key={heading} scope="col" className="py-2 pr-3 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {events.map((event) => (
                  <tr key={event.seq}>
                    <td className="py-1.5 pr-3 font-mono text-slate-500">{event.seq}</td>
                    <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums">{formatUtc(event.createdAt)}</td>
                    <td className="py-1.5 pr-3 font-medium text-slate-900">{event.type}</td>
                    <td className={`py-1.5 pr-3 ${event.outcome === "failure" ? "text-rose-700" : "text-slate-600"}`}>
                      {event.outcome ?? ""}
                    </td>
                    <td className="py-1.5 pr-3 font-mono">
                      {event.attemptId ? (
                        <Link href={`/admin/attempts/${event.attemptId}`} className="text-indigo-600 hover:underline">
                          {event.attemptId.slice(0, 10)}…
                        </Link>
                      ) : (
                        ""
                      )}
                    </td>
                    <td className="py-1.5 pr-3 font-mono">
                      {event.userId ? (
                        <Link
                          href={`/admin/users/${event.userId}`}
                          className="block max-w-[14rem] truncate font-sans text-indigo-600 hover:underline"
                          title={event.userEmail ?? event.userId}
                        >
                          {event.userEmail ?? `${event.userId.slice(0, 10)}…`}
                        </Link>
                      ) : (
                        ""
                      )}
                    </td>
                    <td className="py-1.5 pr-3 font-mono">{event.ip ?? ""}</td>
                    <td className="max-w-sm py-1.5 pr-3 break-words text-slate-700">
                      {event.reason ? <span className="block">{event.reason}</span> : null}
                      {event.details && typeof event.details === "object" && Object.keys(event.details).length > 0 ? (
                        <EventDetails details={event.details as Record<string, unknown>} />
                      ) : null}
                    </td>
                    <td className="py-1.5 pr-3 font-mono text-slate-400" title={event.hash}>
                      {event.hash.slice(0, 10)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex justify-between border-t border-slate-100 pt-4 text-sm">
          {filters.before ? (
            <Link href={`/admin/audit${keep.size ? `?${keep}` : ""}`} className="font-medium text-indigo-600">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextBefore ? (
            <Link href={`/admin/audit?${next}`} className="font-medium text-indigo-600" rel="next">
              Older →
            </Link>
          ) : (
            <span className="text-slate-500">Start of the trail</span>
          )}
        </div>
      </Panel>
    </>
  );
}

/** An event's details as readable key/value pairs; nested values stay compact JSON. React escapes every value. */
function EventDetails({ details }: { details: Record<string, unknown> }) {
  return (
    <dl className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-2 text-[11px] leading-4">
      {Object.entries(details).map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{key}</dt>
          <dd className="text-slate-700 wrap-anywhere">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
