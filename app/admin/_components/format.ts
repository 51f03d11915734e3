import { formatChartLabel, formatDateTime } from "@/lib/format/time";

/** Display formats for the admin console. Moments in UTC with seconds, so every admin reads the same times to the second. */

/** "Mon, 2 Mar 2026, 09:00:05 UTC" (lib/format/time.ts, with seconds). */
export function formatUtc(date: Date | string | null | undefined): string {
  return formatDateTime(date, { seconds: true });
}

/** "2 Mar, 09:00" (UTC) for chart ticks. */
export function formatShortUtc(date: Date | string, withTime = true): string {
  return formatChartLabel(date, withTime);
}

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null ? "—" : `${(ratio * 100).toFixed(digits)}%`;
}

/** 95 → "1 min 35 s"; null → "—". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return whole % 60 ? `${minutes} min ${whole % 60} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function humanStatus(status: string): string {
  return status.toLowerCase().replace(/_/g, " ");
}
