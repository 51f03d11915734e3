/** The Overview's time windows and their chart buckets. Pure, so bucket edges are testable. */

export const OVERVIEW_WINDOWS = {
  "24h": { label: "Last 24 hours", durationMs: 24 * 3_600_000, bucketMs: 3_600_000, bucketSql: "1 hour" },
  "7d": { label: "Last 7 days", durationMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000, bucketSql: "6 hours" },
  "30d": { label: "Last 30 days", durationMs: 30 * 86_400_000, bucketMs: 86_400_000, bucketSql: "1 day" },
} as const;

export type OverviewWindowKey = keyof typeof OVERVIEW_WINDOWS;

export interface OverviewWindow {
  key: OverviewWindowKey;
  label: string;
  from: Date;
  to: Date;
  bucketMs: number;
  bucketSql: string;
}

export function parseWindowKey(raw: unknown): OverviewWindowKey {
  return typeof raw === "string" && raw in OVERVIEW_WINDOWS ? (raw as OverviewWindowKey) : "7d";
}

/** [from, to) ending at `now`. Buckets are aligned to UTC multiples of their size (as SQL date_bin from the epoch). */
export function overviewWindow(key: OverviewWindowKey, now: Date): OverviewWindow {
  const spec = OVERVIEW_WINDOWS[key];
  return {
    key,
    label: spec.label,
    from: new Date(now.getTime() - spec.durationMs),
    to: now,
    bucketMs: spec.bucketMs,
    bucketSql: spec.bucketSql,
  };
}

/** Every bucket start that overlaps the window, as ISO strings, oldest first. */
export function bucketStarts(window: OverviewWindow): string[] {
  const first = Math.floor(window.from.getTime() / window.bucketMs) * window.bucketMs;
  const starts: string[] = [];
  for (let start = first; start < window.to.getTime(); start += window.bucketMs) starts.push(new Date(start).toISOString());
  return starts;
}

/** PostgreSQL's date_bin with this origin gives the same edges as bucketStarts. */
export const BUCKET_ORIGIN = "1970-01-01T00:00:00";

const HOUR_MS = 3_600_000;

/**
 * The whole UTC hours inside the window, [from, to), which the Overview reads from its hourly
 * rollups; the partial hours before and after them are read from the raw rows. Empty
 * (from = to) when the window holds no whole hour.
 */
export function wholeHours(window: OverviewWindow): { from: Date; to: Date } {
  const from = Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS;
  const to = Math.floor(window.to.getTime() / HOUR_MS) * HOUR_MS;
  return to > from ? { from: new Date(from), to: new Date(to) } : { from: window.to, to: window.to };
}

/** The start of the chart bucket a moment falls in (the same edges as bucketStarts), as ISO text. */
export function bucketOf(window: OverviewWindow, at: string | Date): string {
  const time = new Date(at).getTime();
  return new Date(Math.floor(time / window.bucketMs) * window.bucketMs).toISOString();
}
