// Emails state times in UTC: the server cannot know the reader's zone, and a time with
// a named zone is unambiguous, which matters when the reader judges "was this me?".

const clock = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateAndClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "14:05" in UTC. */
export function formatUtcClock(at: Date): string {
  return clock.format(at);
}

/** "Tue, 14 Jan 2025, 14:05 UTC". */
export function formatUtcDateTime(at: Date): string {
  return `${dateAndClock.format(at)} UTC`;
}

/** "14:05" in an IANA zone such as "Europe/Paris", or null when the zone is unknown. */
export function formatClockInZone(at: Date, timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  } catch {
    return null;
  }
}

/** "Tue, 14 Jan 2025, 15:05 CET": the same shape, in the zone of the browser that renders it (client components only). */
export function formatLocalDateTime(at: Date): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(at);
}
