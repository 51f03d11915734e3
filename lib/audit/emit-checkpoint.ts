import { db as defaultDb, type Db } from "../db";
import { logEvent } from "../log";
import { auditKeyring } from "./audit-keys";
import { checkpointToJson, signCheckpoint, type SignedCheckpoint } from "./checkpoint-signature";
import { GENESIS_HASH } from "./event-hash";

const CHECKPOINT_LOCK = 724311002;

/**
 * Signs the chain's current head and keeps the checkpoint in "AuditCheckpoint" (append-only)
 * and, as a copy outside the database, in the log. Called every AUDIT_CHECKPOINT_MINUTES by
 * the sign-checkpoint job (lib/jobs), and on demand by `npm run audit:checkpoint`.
 * Emitting from several instances at once is safe: they take turns, each linking to the last.
 */
export async function emitCheckpoint(now: Date = new Date(), db: Db = defaultDb): Promise<SignedCheckpoint> {
  const checkpoint = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`;
    const [head, previous] = await Promise.all([
      tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } }),
      tx.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { signature: true, headSeq: true } }),
    ]);
    const signed = signCheckpoint(auditKeyring().current, {
      createdAt: now,
      headSeq: head?.seq ?? 0n,
      headHash: head?.hash ?? GENESIS_HASH,
      prevSignature: previous?.signature ?? "",
    });
    if (previous && signed.headSeq < previous.headSeq) {
      logEvent("error", "audit.head_went_back", { previousHeadSeq: previous.headSeq.toString(), headSeq: signed.headSeq.toString() });
    }
    await tx.auditCheckpoint.create({ data: signed });
    return signed;
  });
  logEvent("info", "audit.checkpoint", checkpointToJson(checkpoint));
  return checkpoint;
}
