import { db } from "../../db";
import { readEnv } from "../../env";
import { recordEvents, type AuditEventInput } from "../../audit/record-events";
import { enqueueEmail } from "../../mail/outbox";
import { kickOutbox } from "../../mail/outbox-worker";
import { reserveGuess } from "../../rate-limit/guess-budget";
import type { RequestFacts } from "../../request/request-facts";
import { assessRiskAfterResponse } from "../../risk/assess-after-response";
import { raiseAlert } from "../../risk/raise-alert";
import { hashesEqual, keyedHash } from "../../security/secrets";
import { codeLockoutNotice, codesSwitchedOffNotice } from "@/emails/notices";
import type { FailureReason } from "../failure-reasons";
import { attemptFacts, loadAttempt, redemptionSettings, type LoadedAttempt } from "../load-attempt";
import { redeemAtomically, refuse } from "../redeem/redeem";
import { decideCodeEntry, judgeWrongCode, type WrongCodeVerdict } from "./decide-code-entry";
import { giveBackCodeTry, reserveCodeTry } from "./reserve-code-try";

export type CodeResult = { ok: true; redirectTo: string } | { ok: false; reason: FailureReason; triesLeft: number };

/**
 * The 6-digit code, typed in the tab that asked for it. A guess first spends its budgets —
 * the account's hourly budget, its network's and the service's (guess-budget.ts), then one of
 * the attempt's tries and a place in the address's streak of wrong codes (reserve-code-try.ts)
 * — and only then is compared. A right code gives everything back and redeems in a statement
 * that re-checks the attempt's cap. Every entry is scored after the answer (the tab's sealed
 * cookie names the attempt; a decoy's code never comes here).
 */
export async function enterCode(
  attemptId: string,
  code: string,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<CodeResult> {
  const result = await judgeCode(attemptId, code, facts, now);
  await assessRiskAfterResponse(attemptId);
  return result;
}

async function judgeCode(attemptId: string, code: string, facts: RequestFacts & { deviceHash: string }, now: Date): Promise<CodeResult> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt) return { ok: false, reason: "not-found", triesLeft: 0 };
  const settings = redemptionSettings();
  const entry = decideCodeEntry(attemptFacts(attempt), { bindingHash: facts.deviceHash }, settings, now);
  if (!entry.allowed) {
    await refuse(attempt, entry.reason, facts, now);
    return { ok: false, reason: entry.reason, triesLeft: entry.triesLeft };
  }

  const budget = await reserveGuess("sign-in-code", { email: attempt.email, userId: attempt.userId }, facts.ip);
  if (!budget.ok) {
    const reason = budget.storeFailed ? "code-entry-unavailable" : "account-locked";
    await refuse(attempt, reason, facts, now, { limit: budget.by });
    return { ok: false, reason, triesLeft: Math.max(0, settings.codeMaxTries - attempt.codeFailures) };
  }
  const limits = { codeMaxTries: settings.codeMaxTries, streakCap: readEnv().CODE_FAILURES_IN_A_ROW_MAX };
  const held = await reserveCodeTry(attempt, limits, now);
  if (!held.ok) {
    await budget.refund();
    const reason = held.reason === "codes-locked" ? "codes-locked" : "too-many-tries";
    await refuse(attempt, reason, facts, now);
    return { ok: false, reason, triesLeft: 0 };
  }

  if (/^\d{6}$/.test(code) && hashesEqual(keyedHash("code", code), attempt.codeHash)) {
    await budget.refund();
    const result = await redeemAtomically(
      attempt,
      { bindingHash: facts.deviceHash, codeHash: attempt.codeHash, codeMaxTries: settings.codeMaxTries },
      "code",
      facts,
      now,
    );
    if (!result.ok) await giveBackCodeTry(attempt.id);
    return result.ok ? result : { ...result, triesLeft: 0 };
  }
  const verdict = judgeWrongCode({ tryNumber: held.tryNumber, accountRemaining: budget.accountRemaining, streak: held.streak }, limits);
  await recordWrongCode(attempt, verdict, held.tryNumber, facts, now);
  return { ok: false, reason: verdict.reason, triesLeft: verdict.triesLeft };
}

async function recordWrongCode(attempt: LoadedAttempt, verdict: WrongCodeVerdict, tryNumber: number, facts: RequestFacts, now: Date) {
  const env = readEnv();
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const accountUrl = `${env.AUTH_URL}/account`;
  await db.$transaction(async (tx) => {
    if (verdict.killAttempt) {
      await tx.loginAttempt.updateMany({
        where: { id: attempt.id, status: { in: ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"] } },
        data: { status: "CANCELLED", failedAt: now, failureReason: "too-many-tries" },
      });
    }
    const events: AuditEventInput[] = [
      {
        type: "code.failed",
        ...context,
        outcome: "failure",
        reason: verdict.killAttempt ? "too many wrong codes: attempt cancelled" : "wrong code",
        details: { failures: tryNumber },
      },
    ];
    if (verdict.startLockout) {
      const notice = codeLockoutNotice({ appName: env.APP_NAME, minutes: env.CODE_LOCKOUT_MINUTES, accountUrl });
      await enqueueEmail(tx, { to: attempt.email, payload: { kind: "notice", ...notice } });
      events.push({
        type: "account.code_lockout",
        ...context,
        outcome: "info",
        reason: `code entry locked for ${env.CODE_LOCKOUT_MINUTES} minutes`,
      });
    }
    if (verdict.switchOffCodes) {
      const notice = codesSwitchedOffNotice({ appName: env.APP_NAME, kind: "sign-in", count: env.CODE_FAILURES_IN_A_ROW_MAX, accountUrl });
      await enqueueEmail(tx, { to: attempt.email, payload: { kind: "notice", ...notice } });
      events.push({
        type: "account.codes_switched_off",
        ...context,
        outcome: "info",
        reason: `${env.CODE_FAILURES_IN_A_ROW_MAX} wrong sign-in codes in a row`,
      });
      await raiseAlert(tx, {
        kind: "code-guessing",
        severity: "HIGH",
        title: `Sign-in codes switched off for ${attempt.email} after ${env.CODE_FAILURES_IN_A_ROW_MAX} wrong codes in a row`,
        attemptId: attempt.id,
        userId: attempt.userId,
        subject: attempt.email,
        emailAdmins: {},
        now,
      });
    }
    await recordEvents(tx, events, now);
  });
  if (verdict.startLockout || verdict.switchOffCodes) kickOutbox();
}
