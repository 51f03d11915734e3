import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ATTEMPT_COUNTERS, composeOverview, type AttemptCountRow, type EventCountRow, type Overview } from "./overview-compose";
import { BUCKET_ORIGIN, overviewWindow, wholeHours, type OverviewWindowKey } from "./overview-window";
import { sqlIsoText, sqlTimestamp } from "./sql-time";

export type { Overview, OverviewSeriesPoint } from "./overview-compose";

/** "OverviewAttemptHour"'s counters summed, as the integer columns ATTEMPT_COUNTERS names. */
const summedCounters = Prisma.raw(ATTEMPT_COUNTERS.map((name) => `sum("${name}")::int AS "${name}"`).join(", "));

/**
 * The Overview's figures. The funnel follows the attempts requested in [from, to); failures,
 * fetches and rate-limited requests count audit events in [from, to).
 *
 * Whole hours come from the hourly rollups the database keeps as attempts and events are
 * written ("OverviewAttemptHour", "OverviewEventHour"; see their migration), so the cost does
 * not grow with the window: a few hundred rollup rows for 30 days. The partial hours at the
 * window's two ends come from the raw rows, counted by the same SQL functions the rollups'
 * triggers use (overview_attempt_counts, overview_attempt_has_event, overview_event_kind).
 * What depends on the moment the window ends (which open attempts have expired by then) and the
 * median time from send to click (a median cannot be summed) are read live from indexes.
 */
export async function loadOverview(key: OverviewWindowKey, now: Date = new Date()): Promise<Overview> {
  const window = overviewWindow(key, now);
  const from = sqlTimestamp(window.from);
  const to = sqlTimestamp(window.to);
  const hours = wholeHours(window);
  const wholeFrom = sqlTimestamp(hours.from);
  const wholeTo = sqlTimestamp(hours.to);
  const bucket = (column: Prisma.Sql) =>
    sqlIsoText(Prisma.sql`date_bin(${window.bucketSql}::interval, ${column}, ${BUCKET_ORIGIN}::timestamp)`);
  const inEdges = (column: Prisma.Sql) =>
    Prisma.sql`((${column} >= ${from} AND ${column} < ${wholeFrom}) OR (${column} >= ${wholeTo} AND ${column} < ${to}))`;

  const [rolledAttempts, edgeAttempts, rolledEvents, edgeEvents, live] = await Promise.all([
    db.$queryRaw<AttemptCountRow[]>`
      SELECT ${bucket(Prisma.sql`hour`)} AS at, ${summedCounters}
      FROM "OverviewAttemptHour" WHERE hour >= ${wholeFrom} AND hour < ${wholeTo} GROUP BY 1`,
    db.$queryRaw<AttemptCountRow[]>`
      SELECT ${bucket(Prisma.sql`"requestedAt"`)} AS at,
        ${Prisma.raw(
          ATTEMPT_COUNTERS.slice(0, 11)
            .map((name, index) => `sum(c[${index + 1}])::int AS "${name}"`)
            .join(", "),
        )},
        sum(overview_attempt_has_event(id, 'session.created'))::int AS sessions,
        sum(overview_attempt_has_event(id, 'email.delivered'))::int AS delivered
      FROM (SELECT a.id, a."requestedAt", overview_attempt_counts(a) AS c FROM "LoginAttempt" a WHERE ${inEdges(Prisma.sql`a."requestedAt"`)}) edge
      GROUP BY 1`,
    db.$queryRaw<EventCountRow[]>`
      SELECT ${bucket(Prisma.sql`hour`)} AS at, kind, sum(count)::int AS count
      FROM "OverviewEventHour" WHERE hour >= ${wholeFrom} AND hour < ${wholeTo} GROUP BY 1, 2`,
    db.$queryRaw<EventCountRow[]>`
      SELECT ${bucket(Prisma.sql`"createdAt"`)} AS at, overview_event_kind(type, details) AS kind, count(*)::int AS count
      FROM "AuditEvent" WHERE ${inEdges(Prisma.sql`"createdAt"`)} GROUP BY 1, 2`,
    db.$queryRaw<Array<{ unexpired_pending: number; unexpired_failed: number; median_seconds: number | null }>>`
      SELECT open.pending AS unexpired_pending, open.failed AS unexpired_failed, clicks.median AS median_seconds
      FROM (
        SELECT count(*) FILTER (WHERE status <> 'DELIVERY_FAILED')::int AS pending, count(*) FILTER (WHERE status = 'DELIVERY_FAILED')::int AS failed
        FROM "LoginAttempt"
        WHERE status IN ('PENDING', 'AWAITING_APPROVAL', 'DELIVERY_FAILED') AND "expiresAt" > ${to} AND "requestedAt" >= ${from} AND "requestedAt" < ${to}
      ) open, (
        SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("openedAt" - "sentAt"))))::float8 AS median
        FROM "LoginAttempt" WHERE "openedAt" >= "sentAt" AND "requestedAt" >= ${from} AND "requestedAt" < ${to}
      ) clicks`,
  ]);

  const figures = live[0];
  return composeOverview(window, [...rolledAttempts, ...edgeAttempts], [...rolledEvents, ...edgeEvents], {
    unexpiredPending: figures.unexpired_pending,
    unexpiredFailed: figures.unexpired_failed,
    medianSendToClickSeconds: figures.median_seconds === null ? null : Number(figures.median_seconds),
  });
}
