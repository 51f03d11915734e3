/**
 * Puts the Overview together from counters: attempt counters and event counts per chart bucket
 * (from the hourly rollups and from the raw rows of the window's partial hours, in any mix),
 * plus the figures that depend on the moment the window ends. Pure, so it is unit-tested.
 */
import { EMAIL_FAILURE_KIND_LABELS, FAILURE_EVENT_LABELS } from "./failure-reasons";
import { bucketOf, bucketStarts, type OverviewWindow } from "./overview-window";

export interface OverviewSeriesPoint {
  bucket: string;
  requested: number;
  sent: number;
  opened: number;
  sessions: number;
  rateLimited: number;
  scannerFetches: number;
}

export interface Overview {
  window: OverviewWindow;
  /**
   * Attempts requested in the window, and how far they got: accepted by SMTP ("sent"), confirmed
   * delivered by the provider's feedback ("delivered"; zero without feedback configured), link
   * opened or code used ("opened"), session started.
   */
  funnel: { requested: number; sent: number; delivered: number; opened: number; sessions: number };
  /** sessions ÷ requested; null when nothing was requested. */
  conversion: number | null;
  medianSendToClickSeconds: number | null;
  outcomes: {
    redeemed: number;
    expiredUnused: number;
    superseded: number;
    cancelled: number;
    locked: number;
    deliveryFailed: number;
    stillOpen: number;
  };
  risk: { elevated: number; high: number };
  /** Events in the window. */
  failures: Array<{ type: string; label: string; count: number }>;
  fetches: { total: number; byScanner: number; scannerShare: number | null };
  rateLimited: number;
  series: OverviewSeriesPoint[];
}

/** The counters of "OverviewAttemptHour" (see its migration), for attempts requested at `at`'s bucket. */
export const ATTEMPT_COUNTERS = [
  "requested",
  "sent",
  "opened",
  "redeemed",
  "openPending",
  "openFailed",
  "superseded",
  "cancelled",
  "locked",
  "elevated",
  "high",
  "sessions",
  "delivered",
] as const;

export type AttemptCounters = Record<(typeof ATTEMPT_COUNTERS)[number], number>;

/** Attempt counters of attempts requested within one chart bucket (`at` is any moment in it). */
export type AttemptCountRow = AttemptCounters & { at: string };

/** Audit events of one kind (overview_event_kind) created within one chart bucket. */
export interface EventCountRow {
  at: string;
  kind: string;
  count: number;
}

/** Figures read live, as they depend on the moment the window ends. */
export interface LiveFigures {
  /** Attempts requested in the window, still PENDING or AWAITING_APPROVAL and not expired at its end. */
  unexpiredPending: number;
  /** Attempts requested in the window, DELIVERY_FAILED and not expired at its end. */
  unexpiredFailed: number;
  medianSendToClickSeconds: number | null;
}

export const SCANNER_FETCH_KIND = "link.fetched:scanner";
const FETCH_KINDS = new Set(["link.fetched", SCANNER_FETCH_KIND]);
const RATE_LIMITED_KIND = "attempt.rate_limited";

export function composeOverview(
  window: OverviewWindow,
  attemptRows: AttemptCountRow[],
  eventRows: EventCountRow[],
  live: LiveFigures,
): Overview {
  const empty = (bucket: string): OverviewSeriesPoint => ({
    bucket,
    requested: 0,
    sent: 0,
    opened: 0,
    sessions: 0,
    rateLimited: 0,
    scannerFetches: 0,
  });
  const points = new Map(bucketStarts(window).map((bucket) => [bucket, empty(bucket)]));
  const point = (at: string) => {
    const bucket = bucketOf(window, at);
    return points.get(bucket) ?? points.set(bucket, empty(bucket)).get(bucket)!;
  };

  const totals = Object.fromEntries(ATTEMPT_COUNTERS.map((name) => [name, 0])) as AttemptCounters;
  for (const row of attemptRows) {
    for (const name of ATTEMPT_COUNTERS) totals[name] += row[name];
    const at = point(row.at);
    at.requested += row.requested;
    at.sent += row.sent;
    at.opened += row.opened;
    at.sessions += row.sessions;
  }

  const byKind = new Map<string, number>();
  for (const row of eventRows) {
    byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + row.count);
    if (row.kind === RATE_LIMITED_KIND) point(row.at).rateLimited += row.count;
    if (row.kind === SCANNER_FETCH_KIND) point(row.at).scannerFetches += row.count;
  }
  const count = (kind: string) => byKind.get(kind) ?? 0;
  const fetchTotal = [...FETCH_KINDS].reduce((sum, kind) => sum + count(kind), 0);
  const failures = [...byKind]
    .filter(([kind, total]) => total > 0 && (kind in FAILURE_EVENT_LABELS || kind in EMAIL_FAILURE_KIND_LABELS))
    .map(([type, total]) => ({ type, label: EMAIL_FAILURE_KIND_LABELS[type] ?? FAILURE_EVENT_LABELS[type], count: total }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));

  return {
    window,
    funnel: {
      requested: totals.requested,
      sent: totals.sent,
      delivered: totals.delivered,
      opened: totals.opened,
      sessions: totals.sessions,
    },
    conversion: totals.requested > 0 ? totals.sessions / totals.requested : null,
    medianSendToClickSeconds: live.medianSendToClickSeconds,
    outcomes: {
      redeemed: totals.redeemed,
      expiredUnused: totals.openPending + totals.openFailed - live.unexpiredPending - live.unexpiredFailed,
      superseded: totals.superseded,
      cancelled: totals.cancelled,
      locked: totals.locked,
      deliveryFailed: live.unexpiredFailed,
      stillOpen: live.unexpiredPending,
    },
    risk: { elevated: totals.elevated, high: totals.high },
    failures,
    fetches: {
      total: fetchTotal,
      byScanner: count(SCANNER_FETCH_KIND),
      scannerShare: fetchTotal > 0 ? count(SCANNER_FETCH_KIND) / fetchTotal : null,
    },
    rateLimited: count(RATE_LIMITED_KIND),
    series: [...points.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
  };
}
