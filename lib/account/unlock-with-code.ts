import "server-only";
import { db, type Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { sampleRepeat } from "../audit/sample-repeats";
import { limitNetwork } from "../request/client-network";
import { endStreak, extendStreak, streakKey } from "../rate-limit/code-failure-streak";
import { reserveGuess } from "../rate-limit/guess-budget";
import type { RequestFacts } from "../request/request-facts";
import { decrypt } from "../security/secrets";
import { hashRecoveryCode, normaliseRecoveryCode } from "../step-up/recovery-code-format";
import { matchTotpCode } from "../step-up/totp";
import { decideOwnerUnlock, lockKindOf, type OwnerUnlockAnswer, type OwnerUnlockFacts } from "./decide-owner-unlock";
import { liftOwnerLock } from "./lift-owner-lock";
import { OWNER_REPORTED_LOCK_REASON } from "./secure-account";

/** A TOTP secret nobody holds, so an address with nothing to check costs the same work as one with a factor. */
const STAND_IN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

type Factor = { method: "totp"; step: number; factorId: string } | { method: "recovery-code"; codeHash: string };

/**
 * The recovery form's email + code (an authenticator app code or a recovery code), without a
 * session. It is a step-up code guess like any other: the account's, network's and service's
 * budgets are spent BEFORE anything is compared (reserveGuess "step-up-code", the account's own
 * key when the address has one), and on an owner-locked account a place in its lifetime streak
 * of wrong codes. Every address costs the same and gets the same answer; only the owner's
 * mailbox learns of a success. No session is created.
 */
export async function unlockWithCode(email: string, code: string, facts: RequestFacts, now: Date = new Date()): Promise<OwnerUnlockAnswer> {
  const env = readEnv();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, lockedAt: true, lockReason: true } });
  const learnt: OwnerUnlockFacts = {
    via: "code",
    budget: "unavailable",
    accountFound: null,
    lock: null,
    streakOpen: null,
    factorProven: null,
  };

  const budget = await reserveGuess("step-up-code", { email, userId: user?.id ?? null }, facts.ip);
  learnt.budget = budget.ok ? "reserved" : budget.storeFailed ? "unavailable" : "paused";
  let factor: Factor | null = null;
  if (budget.ok) {
    learnt.accountFound = user !== null;
    learnt.lock = user ? lockKindOf(user, OWNER_REPORTED_LOCK_REASON) : null;
    // Only a lock the owner could lift earns a place in the streak: anyone may type any address here,
    // and must not be able to switch a stranger's codes off.
    if (user && learnt.lock === "owner-reported") {
      learnt.streakOpen = (await extendStreak(streakKey.stepUpCode(user.id), env.CODE_FAILURES_IN_A_ROW_MAX, now)) !== null;
    }
    const compareForReal = user !== null && learnt.lock === "owner-reported" && learnt.streakOpen === true;
    factor = await matchFactor(compareForReal ? user.id : null, code, now);
    if (compareForReal) learnt.factorProven = factor !== null;
  }

  const decision = decideOwnerUnlock(learnt);
  if (decision.action === "unlock" && user && factor) {
    const chosen = factor;
    const lifted = await liftOwnerLock(
      { userId: user.id, email: user.email },
      factor.method,
      (tx) => spendFactor(tx, user.id, chosen, now),
      facts,
      now,
    );
    if (lifted && budget.ok) {
      await Promise.all([budget.refund(), endStreak(db, streakKey.stepUpCode(user.id))]);
      return "checked";
    }
  }
  // Anyone may post this form in a loop: refusals from one network are sampled, never one event each.
  const sample = await sampleRepeat("owner-unlock-refused", limitNetwork(facts.ip), now);
  if (!sample.record) return decision.answer === "signed-in" ? "checked" : decision.answer;
  await recordEvents(
    db,
    [
      {
        type: "account.unlocked",
        // An address anyone can type names an account only when it was that account's lock to lift.
        userId: learnt.lock === "owner-reported" ? user?.id : null,
        ip: facts.ip,
        userAgent: facts.userAgent,
        deviceHash: facts.deviceHash,
        outcome: "failure",
        reason: decision.action === "refuse" ? decision.reason : "factor-not-proven",
        details: { by: "owner", method: normaliseRecoveryCode(code) ? "recovery-code" : "totp", occurrences: sample.occurrences },
      },
    ],
    now,
  );
  return decision.answer === "signed-in" ? "checked" : decision.answer;
}

/**
 * Compares the code with the account's factor; with no account to compare against (null), does
 * the same work against stand-ins so timing says nothing. A recovery code is recognised by its
 * shape, anything else is tried as an authenticator app code.
 */
async function matchFactor(userId: string | null, code: string, now: Date): Promise<Factor | null> {
  if (normaliseRecoveryCode(code)) {
    const codeHash = hashRecoveryCode(code);
    const row = await db.recoveryCode.findFirst({ where: { userId: userId ?? "-", codeHash, usedAt: null }, select: { id: true } });
    return userId && row ? { method: "recovery-code", codeHash } : null;
  }
  const totp = await db.totpFactor.findUnique({ where: { userId: userId ?? "-" } });
  const secret = userId && totp?.confirmedAt ? decrypt(totp.secretEncrypted) : STAND_IN_TOTP_SECRET;
  const step = await matchTotpCode(secret, code, totp?.lastUsedStep ?? null, now);
  return userId && totp?.confirmedAt && step !== null ? { method: "totp", step, factorId: totp.id } : null;
}

/** Spends the matched factor inside the unlock's transaction: conditional, so a racing copy of the same code finds it spent. */
async function spendFactor(tx: Tx, userId: string, factor: Factor, now: Date): Promise<boolean> {
  if (factor.method === "recovery-code") {
    const used = await tx.recoveryCode.updateMany({ where: { userId, codeHash: factor.codeHash, usedAt: null }, data: { usedAt: now } });
    return used.count === 1;
  }
  const claimed = await tx.totpFactor.updateMany({
    where: { id: factor.factorId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(factor.step) } }] },
    data: { lastUsedStep: BigInt(factor.step) },
  });
  return claimed.count === 1;
}
