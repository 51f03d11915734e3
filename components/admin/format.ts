/** Display formats for the admin console. UTC everywhere, so every admin reads the same times. */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03-02 09:00:05 UTC" */
export function formatUtc(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const iso = (typeof date === "string" ? new Date(date) : date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** "Mar 2, 09:00" for chart ticks and compact tables. */
export function formatShortUtc(date: Date | string, withTime = true): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return withTime ? `${day}, ${d.toISOString().slice(11, 16)}` : day;
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
