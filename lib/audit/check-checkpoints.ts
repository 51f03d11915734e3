import type { AuditKeyring } from "./audit-keys";
import { checkpointSignatureValid, type SignedCheckpoint } from "./checkpoint-signature";

export type CheckpointProblem =
  /** A checkpoint's signature does not verify, or it does not link to the one before it. */
  | "checkpoint-invalid"
  /** The event a checkpoint names is gone or different: history before it was rewritten. */
  | "checkpoint-mismatch"
  /** A checkpoint names an event beyond the newest one: the newest events were deleted. */
  | "tail-missing"
  /** A checkpoint kept outside the database is not in it: the newest checkpoints were deleted. */
  | "checkpoint-missing";

export interface CheckpointCheck {
  /** The (seq, hash) pairs the events must match, in seq order. */
  heads: Array<{ seq: bigint; hash: string }>;
  newest: { headSeq: bigint; createdAt: Date } | null;
  problem: { kind: CheckpointProblem; atSeq: bigint } | null;
}

/**
 * Checks the stored checkpoints among themselves: each signed with an audit key, each linked
 * to the one before, heads never moving backwards. An external checkpoint (kept outside the
 * database) must be one of them, or else the stored ones were cut short.
 */
export function checkCheckpoints(stored: SignedCheckpoint[], keyring: AuditKeyring, external?: SignedCheckpoint): CheckpointCheck {
  const heads: CheckpointCheck["heads"] = [];
  let prevSignature = "";
  let prevHead = 0n;
  for (const checkpoint of stored) {
    const invalid = !checkpointSignatureValid(keyring, checkpoint) || checkpoint.prevSignature !== prevSignature;
    if (invalid) return { heads, newest: null, problem: { kind: "checkpoint-invalid", atSeq: checkpoint.headSeq } };
    if (checkpoint.headSeq < prevHead) return { heads, newest: null, problem: { kind: "tail-missing", atSeq: prevHead } };
    if (checkpoint.headSeq > 0n) heads.push({ seq: checkpoint.headSeq, hash: checkpoint.headHash });
    prevSignature = checkpoint.signature;
    prevHead = checkpoint.headSeq;
  }
  const last = stored.at(-1);
  const newest = last ? { headSeq: last.headSeq, createdAt: last.createdAt } : null;
  if (external) {
    if (!checkpointSignatureValid(keyring, external))
      return { heads, newest, problem: { kind: "checkpoint-invalid", atSeq: external.headSeq } };
    const kept = stored.some((checkpoint) => checkpoint.signature === external.signature);
    if (!kept) return { heads, newest, problem: { kind: "checkpoint-missing", atSeq: external.headSeq } };
  }
  heads.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return { heads, newest, problem: null };
}
