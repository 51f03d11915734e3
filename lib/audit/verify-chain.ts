import type { Db } from "../db";
import { readEnv } from "../env";
import { auditKeyring, type AuditKeyring } from "./audit-keys";
import { checkEvent, type EventProblem } from "./check-event";
import { checkCheckpoints, type CheckpointProblem } from "./check-checkpoints";
import type { SignedCheckpoint } from "./checkpoint-signature";
import { GENESIS_HASH } from "./event-hash";

export type ChainProblem = EventProblem | CheckpointProblem;

export type ChainWarning =
  /** Events exist but no checkpoint does yet: deleting the newest of them would go unnoticed. */
  | { kind: "no-checkpoint" }
  /** The newest checkpoint is older than twice AUDIT_CHECKPOINT_MINUTES. */
  | { kind: "checkpoint-stale"; newestAt: Date }
  /** Events written before the chain was keyed: only their hashes protect them. */
  | { kind: "unkeyed-events"; count: number };

export interface CheckpointSummary {
  count: number;
  newest: { headSeq: bigint; createdAt: Date } | null;
  /** Events newer than the newest checkpoint: their deletion is not yet detectable. */
  uncovered: number;
}

export type ChainVerdict =
  | { intact: true; checked: number; lastSeq: bigint | null; checkpoints: CheckpointSummary; warnings: ChainWarning[] }
  | { intact: false; checked: number; brokenAtSeq: bigint; problem: ChainProblem; checkpoints: CheckpointSummary };

export interface VerifyOptions {
  now?: Date;
  keyring?: AuditKeyring;
  /** A checkpoint kept outside the database (a log line, a SIEM): checked like the stored ones. */
  externalCheckpoint?: SignedCheckpoint;
}

const PAGE = 5_000;

/**
 * Walks the whole trail in order: every event must link to the one before it, carry a MAC
 * made with the audit key (or, before the keyed chain, its old plain hash), and match the
 * signed checkpoints, so that editing, forging, removing or reordering an event, deleting the
 * newest ones or emptying the table are each reported with where it happened.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const keyring = options.keyring ?? auditKeyring();
  const stored = await db.auditCheckpoint.findMany({ orderBy: { id: "asc" } });
  const checkpoints = checkCheckpoints(stored, keyring, options.externalCheckpoint);
  const summary: CheckpointSummary = { count: stored.length, newest: checkpoints.newest, uncovered: 0 };
  if (checkpoints.problem)
    return { intact: false, checked: 0, brokenAtSeq: checkpoints.problem.atSeq, problem: checkpoints.problem.kind, checkpoints: summary };

  const heads = checkpoints.heads;
  let headIndex = 0;
  let prevHash = GENESIS_HASH;
  let after = -1n;
  let checked = 0;
  let unkeyed = 0;
  let lastSeq: bigint | null = null;
  const broken = (seq: bigint, problem: ChainProblem): ChainVerdict => ({
    intact: false,
    checked,
    brokenAtSeq: seq,
    problem,
    checkpoints: summary,
  });

  for (;;) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    for (const event of page) {
      // A checkpoint's head that the walk stepped over was deleted (and the chain rebuilt after it).
      if (headIndex < heads.length && heads[headIndex].seq < event.seq) return broken(heads[headIndex].seq, "checkpoint-mismatch");
      const problem = checkEvent(event, prevHash, keyring, checked > unkeyed);
      if (problem) return broken(event.seq, problem);
      while (headIndex < heads.length && heads[headIndex].seq === event.seq) {
        if (heads[headIndex].hash !== event.hash) return broken(event.seq, "checkpoint-mismatch");
        headIndex++;
      }
      if (event.mac === null) unkeyed++;
      prevHash = event.hash;
      checked++;
      lastSeq = event.seq;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].seq;
  }
  // A checkpoint beyond the newest event: the events up to its head were there when it was signed.
  if (headIndex < heads.length) return broken(heads[headIndex].seq, "tail-missing");
  // Each copy of a replayed event verifies on its own; only their count gives it away (the unique index may be gone).
  const [replay] = await db.$queryRaw<Array<{ seq: bigint }>>`
    SELECT max(seq) AS seq FROM "AuditEvent" WHERE "eventId" IS NOT NULL GROUP BY "eventId" HAVING count(*) > 1 ORDER BY 1 LIMIT 1`;
  if (replay) return broken(replay.seq, "duplicate-event");
  const newestHead = checkpoints.newest?.headSeq ?? 0n;
  summary.uncovered = await db.auditEvent.count({ where: { seq: { gt: newestHead } } });
  return {
    intact: true,
    checked,
    lastSeq,
    checkpoints: summary,
    warnings: warningsFor(checked, unkeyed, checkpoints.newest, options.now ?? new Date()),
  };
}

function warningsFor(checked: number, unkeyed: number, newest: CheckpointSummary["newest"], now: Date): ChainWarning[] {
  const warnings: ChainWarning[] = [];
  if (unkeyed > 0) warnings.push({ kind: "unkeyed-events", count: unkeyed });
  if (!newest) {
    if (checked > 0) warnings.push({ kind: "no-checkpoint" });
  } else if (now.getTime() - newest.createdAt.getTime() > 2 * readEnv().AUDIT_CHECKPOINT_MINUTES * 60_000) {
    warnings.push({ kind: "checkpoint-stale", newestAt: newest.createdAt });
  }
  return warnings;
}
