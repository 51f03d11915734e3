import { formatDuration } from "../risk/signals/format-duration";
import type { TimelineLine } from "./timeline-text";

/** The steps every sign-in passes through; they stand out, everything else is detail. */
const MILESTONES: ReadonlySet<string> = new Set([
  "attempt.requested",
  "email.sent",
  "email.delivered",
  "link.opened",
  "link.confirmed",
  "code.succeeded",
  "crossdevice.approved",
  "attempt.redeemed",
  "session.created",
]);

export function isMilestone(type: string): boolean {
  return MILESTONES.has(type);
}

export interface GlanceEntry extends TimelineLine {
  seq: string;
  type: string;
  at: Date;
}

/** Consecutive events that read the same (a scanner fetching five times) become one row with a count. */
export function collapseRepeats<T extends GlanceEntry>(entries: T[]): Array<T & { count: number; lastSeq: string }> {
  const rows: Array<T & { count: number; lastSeq: string }> = [];
  for (const entry of entries) {
    const previous = rows[rows.length - 1];
    if (previous && previous.type === entry.type && previous.text === entry.text) {
      previous.count += 1;
      previous.lastSeq = entry.seq;
    } else {
      rows.push({ ...entry, count: 1, lastSeq: entry.seq });
    }
  }
  return rows;
}

export interface SummaryFacts {
  requestedAt: Date;
  /** When a session started, if one did. */
  sessionAt: Date | null;
  /** How it was redeemed (link.confirmed / attempt.redeemed "via"), e.g. "same-browser", "code". */
  via: string | null;
  status: string;
  scannerFetches: number;
}

/** One line on top of the timeline: "Signed in 1 min 23 s after the request, same browser; 2 scanner fetches". */
export function summariseAttempt(facts: SummaryFacts): string {
  const parts: string[] = [];
  if (facts.sessionAt) {
    const how = facts.via ? `, ${facts.via.replace(/-/g, " ")}` : "";
    parts.push(`Signed in ${formatDuration(facts.sessionAt.getTime() - facts.requestedAt.getTime())} after the request${how}`);
  } else {
    parts.push(`No sign-in (${facts.status.toLowerCase().replace(/_/g, " ")})`);
  }
  if (facts.scannerFetches > 0) parts.push(`${facts.scannerFetches} scanner ${facts.scannerFetches === 1 ? "fetch" : "fetches"}`);
  return parts.join("; ");
}
