import "server-only";
import { db, type Tx } from "../db";
import type { RequestFacts } from "../request/request-facts";
import { kickOutbox } from "../mail/outbox-worker";
import { recordFactorChange, type FactorOwner } from "./factor-change-events";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-code-format";

/** Replaces the account's recovery codes with ten new ones and returns them, to be shown once. */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/**
 * Spends a recovery code: one conditional update, so two requests racing with the same
 * code cannot both succeed. The owner gets a notice; the trail records it.
 */
export async function spendRecoveryCode(owner: FactorOwner, input: string, facts: RequestFacts, now: Date = new Date()): Promise<boolean> {
  if (!normaliseRecoveryCode(input)) return false;
  const codeHash = hashRecoveryCode(input);
  const spent = await db.$transaction(async (tx) => {
    const used = await tx.recoveryCode.updateMany({ where: { userId: owner.userId, codeHash, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) return false;
    const remaining = await tx.recoveryCode.count({ where: { userId: owner.userId, usedAt: null } });
    await recordFactorChange(tx, owner, { event: "factor.recovery_used", factor: "recovery code used", remaining }, facts, now);
    return true;
  });
  if (spent) kickOutbox();
  return spent;
}
