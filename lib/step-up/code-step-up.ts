import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import type { ActiveSession } from "../auth/session-store";
import { endStreak, extendStreak, streakKey } from "../rate-limit/code-failure-streak";
import { reserveGuess } from "../rate-limit/guess-budget";
import type { RequestFacts } from "../request/request-facts";
import { decrypt } from "../security/secrets";
import { completeStepUp, recordStepUpFailure } from "./complete-step-up";
import { checkEmailedCode } from "./email-code-step-up";
import { spendEnrolmentInvitation } from "./enrolment-invitation";
import type { StepUpMethod } from "./methods";
import { spendRecoveryCode } from "./recovery-codes";
import { reportStepUpGuessing } from "./step-up-guessing";
import { matchTotpCode } from "./totp";

export type CodeMethod = Exclude<StepUpMethod, "passkey">;
export type CodeStepUpResult =
  { ok: true } | { ok: false; code: "wrong-code" | "paused" | "not-enrolled" | "codes-locked" | "unavailable" };

/**
 * Step-up with something typed: an authenticator app code, a recovery code, a code we
 * emailed, or an administrator's enrolment invitation. Every guess spends its budgets first — the account's (STEP_UP_CODE_FAILURES), its
 * network's and the service's, and a place in the account's streak of wrong codes — and only
 * then is compared; a right code gives them back and is itself spent before the session
 * rotates, so it can never be used twice.
 */
export async function stepUpWithCode(
  session: ActiveSession,
  method: CodeMethod,
  code: string,
  facts: RequestFacts,
  policy: string | null,
  now: Date = new Date(),
): Promise<CodeStepUpResult> {
  const totp = method === "totp" ? await db.totpFactor.findUnique({ where: { userId: session.userId } }) : null;
  if (method === "totp" && !totp?.confirmedAt) {
    await recordStepUpFailure(session, method, "factor not enrolled", facts, policy);
    return { ok: false, code: "not-enrolled" };
  }

  const budget = await reserveGuess("step-up-code", { email: session.user.email, userId: session.userId }, facts.ip);
  if (!budget.ok) {
    const code = budget.storeFailed ? "unavailable" : "paused";
    await recordStepUpFailure(
      session,
      method,
      budget.storeFailed ? "code budget unavailable" : `code entry paused (${budget.by} budget)`,
      facts,
      policy,
    );
    return { ok: false, code };
  }
  const env = readEnv();
  const key = streakKey.stepUpCode(session.userId);
  const streak = await extendStreak(key, env.CODE_FAILURES_IN_A_ROW_MAX, now);
  if (streak === null) {
    await budget.refund();
    await recordStepUpFailure(session, method, "codes switched off after too many wrong codes in a row", facts, policy);
    return { ok: false, code: "codes-locked" };
  }

  const right = await spendCode(session, method, code, totp, facts, now);
  if (right) {
    await Promise.all([budget.refund(), endStreak(db, key)]);
    await completeStepUp(session, method, facts, policy, now);
    return { ok: true };
  }
  await recordStepUpFailure(session, method, "wrong code", facts, policy);
  await reportStepUpGuessing(
    session,
    { budgetSpent: budget.accountRemaining === 0, streak, streakCap: env.CODE_FAILURES_IN_A_ROW_MAX },
    facts,
    now,
  );
  return { ok: false, code: "wrong-code" };
}

function spendCode(
  session: ActiveSession,
  method: CodeMethod,
  code: string,
  totp: TotpRow | null,
  facts: RequestFacts,
  now: Date,
): Promise<boolean> {
  switch (method) {
    case "recovery-code":
      return spendRecoveryCode({ userId: session.userId, email: session.user.email, sessionHash: session.tokenHash }, code, facts, now);
    case "email-code":
      return checkEmailedCode(session, code, now);
    case "admin-invitation":
      return spendEnrolmentInvitation(session.userId, code, now);
    case "totp":
      return spendTotpCode(totp!, code, now);
  }
}

export type TotpRow = { id: string; secretEncrypted: string; lastUsedStep: bigint | null };

/** A TOTP code is spent by moving the factor's last used step, conditionally: two racing requests get one success. */
export async function spendTotpCode(factor: TotpRow, code: string, now: Date): Promise<boolean> {
  const step = await matchTotpCode(decrypt(factor.secretEncrypted), code, factor.lastUsedStep, now);
  if (step === null) return false;
  const claimed = await db.totpFactor.updateMany({
    where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }] },
    data: { lastUsedStep: BigInt(step) },
  });
  return claimed.count === 1;
}
