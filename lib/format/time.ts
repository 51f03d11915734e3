/**
 * The one way this product writes a moment, on every page and in every email:
 * "Tue, 14 Jan 2025, 14:05 UTC" — with seconds where an administrator compares events
 * ("…, 14:05:07 UTC"), and in the viewer's own zone where the page knows it (a client
 * component in their browser: "…, 15:05 CET"). A server rendering for an unknown reader says
 * UTC, and says so. Dates typed into filters and shown back are ISO days ("2025-01-14").
 */
type Moment = Date | string | number;

export interface DateTimeOptions {
  /** Adds seconds, for administrators lining events up. */
  seconds?: boolean;
  /** "UTC" (default), an IANA zone such as "Europe/Paris", or "viewer": the zone of the browser that renders it. */
  timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-GB", {
      ...(timeZone === "viewer" ? {} : { timeZone }),
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      ...(timeZone === "UTC" ? {} : { timeZoneName: "short" }),
    });
    formatters.set(key, cached);
  }
  return cached;
}

function toDate(at: Moment): Date {
  return at instanceof Date ? at : new Date(at);
}

/** "Tue, 14 Jan 2025, 14:05 UTC"; "—" for a missing or invalid moment. An unknown zone falls back to UTC. */
export function formatDateTime(at: Moment | null | undefined, options: DateTimeOptions = {}): string {
  if (at === null || at === undefined) return "—";
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return "—";
  const timeZone = options.timeZone ?? "UTC";
  try {
    const text = formatter(timeZone, options.seconds ?? false).format(date);
    return timeZone === "UTC" ? `${text} UTC` : text;
  } catch {
    return formatDateTime(date, { ...options, timeZone: "UTC" });
  }
}

/** "14:05" in UTC or an IANA zone; null when the zone is unknown. */
export function formatClock(at: Moment, timeZone = "UTC"): string | null {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(toDate(at));
  } catch {
    return null;
  }
}

/** "2025-01-14": the day in UTC, as date filters take it and show it back. */
export function formatIsoDay(at: Moment): string {
  return toDate(at).toISOString().slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "14 Jan" or "14 Jan, 09:00" (UTC): compact labels for chart axes. */
export function formatChartLabel(at: Moment, withTime = true): string {
  const date = toDate(at);
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return withTime ? `${day}, ${date.toISOString().slice(11, 16)}` : day;
}
