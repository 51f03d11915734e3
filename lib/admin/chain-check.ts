import "server-only";
import { db } from "../db";
import { auditPrivileges, type AuditPrivileges } from "../audit/database-privileges";
import { verifyAuditChain, type ChainVerdict } from "../audit/verify-chain";

export interface ChainCheck {
  verdict: ChainVerdict;
  durationMs: number;
  checkedAt: Date;
  /** What the app's database role could do to the trail beyond appending (null if it could not be asked). */
  privileges: AuditPrivileges | null;
}

const REUSE_FOR_MS = 5 * 60_000;
const state = globalThis as unknown as { auditChainCheck?: { running?: Promise<ChainCheck>; last?: ChainCheck } };

/**
 * Verifies the whole chain for the audit page. It reads every event, so one run is shared
 * by every admin who opens the page meanwhile, and an intact result is reused for five
 * minutes (a broken one is never cached: it is rechecked on every view).
 */
export async function checkAuditChain(now: Date = new Date()): Promise<ChainCheck> {
  const memo = (state.auditChainCheck ??= {});
  if (memo.last?.verdict.intact && now.getTime() - memo.last.checkedAt.getTime() < REUSE_FOR_MS) return memo.last;
  memo.running ??= (async () => {
    const started = performance.now();
    try {
      const verdict = await verifyAuditChain(db, { now });
      const privileges = await auditPrivileges(db).catch(() => null);
      memo.last = { verdict, durationMs: Math.round(performance.now() - started), checkedAt: new Date(), privileges };
      return memo.last;
    } finally {
      memo.running = undefined;
    }
  })();
  return memo.running;
}
