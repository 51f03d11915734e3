import type { Db } from "../db";
import type { StreamableEvent } from "./stream-event";

export interface EventPage {
  events: StreamableEvent[];
  /** The cursor for the next call: the last seq returned, or `after` itself when nothing was. */
  nextAfter: bigint;
  hasMore: boolean;
}

/**
 * Events after `after`, in chain order. A seq cursor never skips an event: the trigger that
 * chains events numbers them under the chain's lock while their transaction commits
 * (migration 20261129300001), so an event with a lower seq is visible before any with a
 * higher one. Seqs may have gaps (a transaction that failed after drawing one); a receiver
 * checks continuity with prev_hash, not with seq + 1.
 */
export async function readEventsAfter(db: Db, after: bigint, limit: number): Promise<EventPage> {
  const rows = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: limit + 1 });
  const events = rows.slice(0, limit);
  return { events, nextAfter: events.length > 0 ? events[events.length - 1].seq : after, hasMore: rows.length > limit };
}
