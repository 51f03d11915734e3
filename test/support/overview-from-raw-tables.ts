import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { EMAIL_FAILURE_KIND_LABELS, FAILURE_EVENT_LABELS, FAILURE_EVENT_TYPES } from "@/lib/admin/failure-reasons";
import { BUCKET_ORIGIN, bucketStarts, overviewWindow, type OverviewWindow, type OverviewWindowKey } from "@/lib/admin/overview-window";
import { sqlIsoText, sqlTimestamp } from "@/lib/admin/sql-time";

import type { Overview, OverviewSeriesPoint } from "@/lib/admin/overview-compose";

interface AttemptTotalsRow {
  requested: number;
  sent: number;
  opened: number;
  redeemed: number;
  expired_unused: number;
  superseded: number;
  cancelled: number;
  locked: number;
  delivery_failed: number;
  still_open: number;
  elevated: number;
  high: number;
  median_seconds: number | null;
}

/**
 * The Overview as it was computed before the hourly rollups: every figure aggregated from the
 * raw "LoginAttempt" and "AuditEvent" rows of the window. Kept as the reference the
 * rollup-based loadOverview (lib/admin/overview.ts) must equal exactly.
 *
 * The Overview's figures. The funnel follows the attempts requested in [from, to); failures,
 * fetches and rate-limited requests count audit events in [from, to). Each query reads
 * one indexed range: LoginAttempt(requestedAt) or AuditEvent(type, createdAt).
 */
export async function loadOverviewFromRawTables(key: OverviewWindowKey, now: Date = new Date()): Promise<Overview> {
  const window = overviewWindow(key, now);
  const from = sqlTimestamp(window.from);
  const to = sqlTimestamp(window.to);
  const bucket = (column: Prisma.Sql) =>
    sqlIsoText(Prisma.sql`date_bin(${window.bucketSql}::interval, ${column}, ${BUCKET_ORIGIN}::timestamp)`);
  const open = Prisma.sql`status IN ('PENDING', 'AWAITING_APPROVAL', 'DELIVERY_FAILED')`;
  // "Opened" in the funnel: the link was opened, or the attempt was redeemed without it (by code).
  const reached = Prisma.sql`("openedAt" IS NOT NULL OR "redeemedAt" IS NOT NULL)`;

  const [totals, sessions, delivered, attemptSeries, eventSeries, failures, fetches] = await Promise.all([
    db.$queryRaw<AttemptTotalsRow[]>`
      SELECT count(*)::int AS requested,
        count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent,
        count(*) FILTER (WHERE ${reached})::int AS opened,
        count(*) FILTER (WHERE status = 'REDEEMED')::int AS redeemed,
        count(*) FILTER (WHERE ${open} AND "expiresAt" <= ${to})::int AS expired_unused,
        count(*) FILTER (WHERE ${open} AND "expiresAt" > ${to} AND status <> 'DELIVERY_FAILED')::int AS still_open,
        count(*) FILTER (WHERE status = 'DELIVERY_FAILED' AND "expiresAt" > ${to})::int AS delivery_failed,
        count(*) FILTER (WHERE status = 'SUPERSEDED')::int AS superseded,
        count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
        count(*) FILTER (WHERE status = 'LOCKED')::int AS locked,
        count(*) FILTER (WHERE "riskLevel" = 'ELEVATED')::int AS elevated,
        count(*) FILTER (WHERE "riskLevel" = 'HIGH')::int AS high,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("openedAt" - "sentAt")))
          FILTER (WHERE "openedAt" >= "sentAt"))::float8 AS median_seconds
      FROM "LoginAttempt" WHERE "requestedAt" >= ${from} AND "requestedAt" < ${to}`,
    db.$queryRaw<Array<{ bucket: string; sessions: number }>>`
      SELECT ${bucket(Prisma.sql`a."requestedAt"`)} AS bucket, count(DISTINCT a.id)::int AS sessions
      FROM "AuditEvent" e JOIN "LoginAttempt" a ON a.id = e."attemptId"
      WHERE e.type = 'session.created' AND e."createdAt" >= ${from} AND a."requestedAt" >= ${from} AND a."requestedAt" < ${to}
      GROUP BY 1`,
    db.$queryRaw<Array<{ delivered: number }>>`
      SELECT count(DISTINCT a.id)::int AS delivered
      FROM "AuditEvent" e JOIN "LoginAttempt" a ON a.id = e."attemptId"
      WHERE e.type = 'email.delivered' AND e."createdAt" >= ${from} AND a."requestedAt" >= ${from} AND a."requestedAt" < ${to}`,
    db.$queryRaw<Array<{ bucket: string; requested: number; sent: number; opened: number }>>`
      SELECT ${bucket(Prisma.sql`"requestedAt"`)} AS bucket, count(*)::int AS requested,
        count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent, count(*) FILTER (WHERE ${reached})::int AS opened
      FROM "LoginAttempt" WHERE "requestedAt" >= ${from} AND "requestedAt" < ${to} GROUP BY 1`,
    db.$queryRaw<Array<{ bucket: string; rate_limited: number; scanner_fetches: number }>>`
      SELECT ${bucket(Prisma.sql`"createdAt"`)} AS bucket,
        count(*) FILTER (WHERE type = 'attempt.rate_limited')::int AS rate_limited,
        count(*) FILTER (WHERE type = 'link.fetched' AND details->>'likelyScanner' = 'true')::int AS scanner_fetches
      FROM "AuditEvent" WHERE type IN ('attempt.rate_limited', 'link.fetched') AND "createdAt" >= ${from} AND "createdAt" < ${to} GROUP BY 1`,
    db.$queryRaw<Array<{ type: string; count: number }>>`
      SELECT CASE WHEN type = 'email.failed' AND details->>'failure' IN ('permanent', 'temporary') THEN type || ':' || (details->>'failure') ELSE type END AS type,
        count(*)::int AS count FROM "AuditEvent"
      WHERE type IN (${Prisma.join(FAILURE_EVENT_TYPES)}) AND "createdAt" >= ${from} AND "createdAt" < ${to} GROUP BY 1`,
    db.$queryRaw<Array<{ total: number; by_scanner: number }>>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE details->>'likelyScanner' = 'true')::int AS by_scanner
      FROM "AuditEvent" WHERE type = 'link.fetched' AND "createdAt" >= ${from} AND "createdAt" < ${to}`,
  ]);

  const t = totals[0];
  const sessionTotal = sessions.reduce((sum, row) => sum + row.sessions, 0);
  const rateLimited = eventSeries.reduce((sum, row) => sum + row.rate_limited, 0);
  const fetchRow = fetches[0];
  return {
    window,
    funnel: { requested: t.requested, sent: t.sent, delivered: delivered[0].delivered, opened: t.opened, sessions: sessionTotal },
    conversion: t.requested > 0 ? sessionTotal / t.requested : null,
    medianSendToClickSeconds: t.median_seconds === null ? null : Number(t.median_seconds),
    outcomes: {
      redeemed: t.redeemed,
      expiredUnused: t.expired_unused,
      superseded: t.superseded,
      cancelled: t.cancelled,
      locked: t.locked,
      deliveryFailed: t.delivery_failed,
      stillOpen: t.still_open,
    },
    risk: { elevated: t.elevated, high: t.high },
    failures: failures
      .map((row) => ({
        type: row.type,
        label: EMAIL_FAILURE_KIND_LABELS[row.type] ?? FAILURE_EVENT_LABELS[row.type] ?? row.type,
        count: row.count,
      }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    fetches: {
      total: fetchRow.total,
      byScanner: fetchRow.by_scanner,
      scannerShare: fetchRow.total > 0 ? fetchRow.by_scanner / fetchRow.total : null,
    },
    rateLimited,
    series: mergeSeries(window, attemptSeries, sessions, eventSeries),
  };
}

function mergeSeries(
  window: OverviewWindow,
  attempts: Array<{ bucket: string; requested: number; sent: number; opened: number }>,
  sessions: Array<{ bucket: string; sessions: number }>,
  events: Array<{ bucket: string; rate_limited: number; scanner_fetches: number }>,
): OverviewSeriesPoint[] {
  const points = new Map(
    bucketStarts(window).map((bucket) => [
      bucket,
      { bucket, requested: 0, sent: 0, opened: 0, sessions: 0, rateLimited: 0, scannerFetches: 0 },
    ]),
  );
  const at = (bucket: string) =>
    points.get(bucket) ??
    points.set(bucket, { bucket, requested: 0, sent: 0, opened: 0, sessions: 0, rateLimited: 0, scannerFetches: 0 }).get(bucket)!;
  for (const row of attempts) Object.assign(at(row.bucket), { requested: row.requested, sent: row.sent, opened: row.opened });
  for (const row of sessions) at(row.bucket).sessions = row.sessions;
  for (const row of events) Object.assign(at(row.bucket), { rateLimited: row.rate_limited, scannerFetches: row.scanner_fetches });
  return [...points.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}
