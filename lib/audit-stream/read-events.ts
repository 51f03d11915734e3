import type { Db } from "../db";
import { interleaveStream, type StreamCursor, type StreamPage } from "./interleave-stream";

/**
 * The stream after `cursor`: events in chain order with the signed checkpoints interleaved
 * (lib/audit-stream/interleave-stream.ts). A seq cursor never skips an event: the trigger that
 * chains events numbers them under the chain's lock while their transaction commits
 * (migration 20261129300001), so an event with a lower seq is visible before any with a
 * higher one; checkpoints are numbered under their own lock in the same way
 * (lib/audit/emit-checkpoint.ts). Seqs may have gaps (a transaction that failed after drawing
 * one); a receiver checks continuity with prev_hash, not with seq + 1.
 */
export async function readStreamAfter(db: Db, cursor: StreamCursor, limit: number): Promise<StreamPage> {
  // Checkpoints first: every event a checkpoint read here covers had committed before it, so the events read next include them.
  const checkpoints = await db.auditCheckpoint.findMany({
    where: { id: { gt: cursor.lastCheckpointId } },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const events = await db.auditEvent.findMany({ where: { seq: { gt: cursor.lastSeq } }, orderBy: { seq: "asc" }, take: limit + 1 });
  return interleaveStream(
    cursor,
    {
      events: events.slice(0, limit),
      eventsComplete: events.length <= limit,
      checkpoints: checkpoints.slice(0, limit),
      checkpointsComplete: checkpoints.length <= limit,
    },
    limit,
  );
}

/**
 * The pull API's cursor. A caller that names no checkpoint (one written before checkpoints were
 * in the stream, or one that keeps only `after`) is taken to have the checkpoints covering the
 * events it has, so it is neither sent every checkpoint again on each pull nor left without the
 * newer ones.
 */
export async function exportCursor(db: Db, after: bigint, afterCheckpoint: bigint | null): Promise<StreamCursor> {
  if (afterCheckpoint !== null) return { lastSeq: after, lastCheckpointId: afterCheckpoint };
  if (after === 0n) return { lastSeq: 0n, lastCheckpointId: 0n };
  const covered = await db.auditCheckpoint.findFirst({ where: { headSeq: { lte: after } }, orderBy: { id: "desc" }, select: { id: true } });
  return { lastSeq: after, lastCheckpointId: covered?.id ?? 0n };
}
