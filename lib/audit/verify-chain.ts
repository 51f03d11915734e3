import type { Db } from "../db";
import { computeEventHash, GENESIS_HASH } from "./event-hash";

export type ChainVerdict =
  | { intact: true; checked: number; lastSeq: bigint | null }
  | { intact: false; checked: number; brokenAtSeq: bigint; problem: "content-altered" | "link-broken" };

const PAGE = 5_000;

/**
 * Walks the whole trail in order and recomputes every hash. The first event whose content
 * no longer matches its hash (edited) or whose prevHash is not its predecessor's hash
 * (removed or inserted) is reported.
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let after: bigint = -1n;
  let checked = 0;
  let lastSeq: bigint | null = null;
  for (;;) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    if (page.length === 0) return { intact: true, checked, lastSeq };
    for (const event of page) {
      if (event.prevHash !== prevHash) return { intact: false, checked, brokenAtSeq: event.seq, problem: "link-broken" };
      const expected = computeEventHash(prevHash, {
        createdAt: event.createdAt,
        type: event.type,
        attemptId: event.attemptId,
        userId: event.userId,
        sessionHash: event.sessionHash,
        ip: event.ip,
        userAgent: event.userAgent,
        deviceHash: event.deviceHash,
        outcome: event.outcome,
        reason: event.reason,
        details: event.details,
      });
      if (expected !== event.hash) return { intact: false, checked, brokenAtSeq: event.seq, problem: "content-altered" };
      prevHash = event.hash;
      checked++;
      lastSeq = event.seq;
    }
    after = page[page.length - 1].seq;
  }
}
