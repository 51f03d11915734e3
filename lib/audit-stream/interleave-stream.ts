import { toStreamCheckpoint, type StreamableCheckpoint } from "./stream-checkpoint";
import { toStreamEvent, type StreamableEvent } from "./stream-event";

/**
 * Where a receiver is in the stream: the seq of the last event and the id of the last signed
 * checkpoint it has. Two numbers, because a checkpoint can commit after events newer than its
 * head did (it read the head, then those events committed before it did): a seq alone would
 * skip it.
 */
export interface StreamCursor {
  lastSeq: bigint;
  lastCheckpointId: bigint;
}

export type StreamItem = { kind: "event"; event: StreamableEvent } | { kind: "checkpoint"; checkpoint: StreamableCheckpoint };

export interface StreamPage {
  items: StreamItem[];
  next: StreamCursor;
  hasMore: boolean;
}

/** What was read after a cursor: up to `limit` of each, in their own order, and whether that was all there was. */
export interface StreamReads {
  events: StreamableEvent[];
  eventsComplete: boolean;
  checkpoints: StreamableCheckpoint[];
  checkpointsComplete: boolean;
}

/**
 * Pure: merges events (seq order) and checkpoints (id order) into one page of at most `limit`
 * items, each list keeping its own order, with every checkpoint placed after the event its
 * head names (head N: after event N, before event N + 1). A checkpoint whose head lies beyond
 * the events read so far waits for a later page, unless there are no more events (the head
 * went back: the receiver must see that checkpoint to notice). The checkpoints must have been
 * read before the events: then every event a checkpoint covers is among those readable.
 */
export function interleaveStream(cursor: StreamCursor, reads: StreamReads, limit: number): StreamPage {
  const items: StreamItem[] = [];
  const next = { ...cursor };
  let event = 0;
  let checkpoint = 0;
  const lastReadSeq = reads.events.length > 0 ? reads.events[reads.events.length - 1].seq : cursor.lastSeq;
  while (items.length < limit) {
    const nextEvent = reads.events[event];
    const nextCheckpoint = reads.checkpoints[checkpoint];
    const checkpointFirst =
      nextCheckpoint !== undefined &&
      (nextEvent !== undefined ? nextCheckpoint.headSeq < nextEvent.seq : reads.eventsComplete || nextCheckpoint.headSeq <= lastReadSeq);
    if (checkpointFirst) {
      items.push({ kind: "checkpoint", checkpoint: nextCheckpoint });
      next.lastCheckpointId = nextCheckpoint.id;
      checkpoint++;
    } else if (nextEvent !== undefined) {
      items.push({ kind: "event", event: nextEvent });
      next.lastSeq = nextEvent.seq;
      event++;
    } else {
      break;
    }
  }
  const hasMore =
    event < reads.events.length || checkpoint < reads.checkpoints.length || !reads.eventsComplete || !reads.checkpointsComplete;
  return { items, next, hasMore };
}

/** Newline-delimited JSON: one event or checkpoint per line, each line ending in "\n". */
export function streamItemsToNdjson(items: StreamItem[]): string {
  return items
    .map((item) => `${JSON.stringify(item.kind === "event" ? toStreamEvent(item.event) : toStreamCheckpoint(item.checkpoint))}\n`)
    .join("");
}

/**
 * What a batch holds, for receivers that deduplicate: X-Audit-First-Seq and X-Audit-Last-Seq
 * name its events (absent when it holds only checkpoints), X-Audit-Last-Checkpoint the id of its
 * newest checkpoint (absent when it holds none), and the Idempotency-Key the stream positions
 * before and after it (a batch sent again unchanged carries the same key).
 */
export function batchHeaders(from: StreamCursor, page: StreamPage): Record<string, string> {
  const events = page.items.flatMap((item) => (item.kind === "event" ? [item.event.seq] : []));
  const checkpoints = page.items.some((item) => item.kind === "checkpoint");
  return {
    "Idempotency-Key": `${from.lastSeq}.${from.lastCheckpointId}-${page.next.lastSeq}.${page.next.lastCheckpointId}`,
    ...(events.length > 0 ? { "X-Audit-First-Seq": events[0].toString(), "X-Audit-Last-Seq": events[events.length - 1].toString() } : {}),
    ...(checkpoints ? { "X-Audit-Last-Checkpoint": page.next.lastCheckpointId.toString() } : {}),
  };
}
