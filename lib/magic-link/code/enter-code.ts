import { db } from "../../db";
import { readEnv } from "../../env";
import { recordEvents, type AuditEventInput } from "../../audit/record-events";
import { enqueueEmail } from "../../mail/outbox";
import { kickOutbox } from "../../mail/outbox-worker";
import { consume, remainingPoints } from "../../rate-limit/limiters";
import { codeFailureKey, codeFailureLimiter } from "../../rate-limit/sign-in-limits";
import { hashesEqual, keyedHash } from "../../security/secrets";
import { codeLockoutNotice } from "@/emails/notices";
import { decideCodeEntry, type FailureReason } from "../decide-redemption";
import { attemptFacts, loadAttempt, redemptionSettings, type LoadedAttempt } from "../load-attempt";
import { redeemAtomically, refuse } from "../redeem/redeem";
import type { RequestFacts } from "../../request/request-facts";

export type CodeResult = { ok: true; redirectTo: string } | { ok: false; reason: FailureReason; triesLeft: number };

/**
 * The 6-digit code, typed in the tab that asked for it. Wrong codes count twice: per
 * attempt (the attempt dies after CODE_MAX_TRIES) and per account per hour across
 * re-issued codes (then code entry is locked for CODE_LOCKOUT_MINUTES and the owner told).
 */
export async function enterCode(
  attemptId: string,
  code: string,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<CodeResult> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt) return { ok: false, reason: "not-found", triesLeft: 0 };
  const env = readEnv();
  const limiter = codeFailureLimiter();
  const budgetLeft = await remainingPoints(limiter, codeFailureKey(attempt.email), env.CODE_FAILURES_PER_ACCOUNT_PER_HOUR);
  const codeMatches = /^\d{6}$/.test(code) && hashesEqual(keyedHash("code", code), attempt.codeHash);
  const decision = decideCodeEntry(
    attemptFacts(attempt),
    { bindingHash: facts.deviceHash, codeMatches, accountCodeBudgetLeft: budgetLeft },
    redemptionSettings(),
    now,
  );

  if (decision.allowed) {
    const result = await redeemAtomically(attempt, { bindingHash: facts.deviceHash, codeHash: attempt.codeHash }, "code", facts, now);
    return result.ok ? result : { ...result, triesLeft: 0 };
  }
  if (decision.reason !== "wrong-code" && decision.reason !== "too-many-tries") {
    await refuse(attempt, decision.reason, facts, now);
    return { ok: false, reason: decision.reason, triesLeft: decision.triesLeft };
  }
  await recordWrongCode(attempt, decision.killAttempt, facts, now);
  return { ok: false, reason: decision.reason, triesLeft: decision.triesLeft };
}

async function recordWrongCode(attempt: LoadedAttempt, killAttempt: boolean, facts: RequestFacts, now: Date) {
  const env = readEnv();
  const accountBudget = await consume(codeFailureLimiter(), codeFailureKey(attempt.email));
  const lockedNow = accountBudget.allowed && accountBudget.remaining === 0;
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  await db.$transaction(async (tx) => {
    await tx.loginAttempt.update({
      where: { id: attempt.id },
      data: {
        codeFailures: { increment: 1 },
        ...(killAttempt ? { status: "CANCELLED", failedAt: now, failureReason: "too-many-tries" } : {}),
      },
    });
    const events: AuditEventInput[] = [
      {
        type: "code.failed",
        ...context,
        outcome: "failure",
        reason: killAttempt ? "too many wrong codes: attempt cancelled" : "wrong code",
        details: { failures: attempt.codeFailures + 1 },
      },
    ];
    if (lockedNow) {
      const notice = codeLockoutNotice({ appName: env.APP_NAME, minutes: env.CODE_LOCKOUT_MINUTES, accountUrl: `${env.AUTH_URL}/account` });
      await enqueueEmail(tx, { to: attempt.email, payload: { kind: "notice", ...notice } });
      events.push({
        type: "account.code_lockout",
        ...context,
        outcome: "info",
        reason: `code entry locked for ${env.CODE_LOCKOUT_MINUTES} minutes`,
      });
    }
    await recordEvents(tx, events, now);
  });
  if (lockedNow) kickOutbox();
}
