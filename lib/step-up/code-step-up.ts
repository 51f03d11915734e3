import "server-only";
import { db } from "../db";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { decrypt } from "../security/secrets";
import { completeStepUp, recordStepUpFailure } from "./complete-step-up";
import { checkEmailedCode } from "./email-code-step-up";
import type { StepUpMethod } from "./methods";
import { spendRecoveryCode } from "./recovery-codes";
import { matchTotpCode } from "./totp";
import { codeEntryPausedFor, countWrongCode } from "./wrong-code-limit";

export type CodeMethod = Exclude<StepUpMethod, "passkey">;
export type CodeStepUpResult = { ok: true } | { ok: false; code: "wrong-code" | "paused" | "not-enrolled" };

/**
 * Step-up with something typed: an authenticator app code, a recovery code or a code we
 * emailed. Wrong codes of every kind draw on one budget per account; a right one is spent
 * before the session rotates, so it can never be used twice.
 */
export async function stepUpWithCode(session: ActiveSession, method: CodeMethod, code: string, facts: RequestFacts, policy: string | null, now: Date = new Date()): Promise<CodeStepUpResult> {
  if ((await codeEntryPausedFor(session.userId)) > 0) {
    await recordStepUpFailure(session, method, "code entry paused after too many wrong codes", facts, policy);
    return { ok: false, code: "paused" };
  }
  const outcome = await spendCode(session, method, code, facts, now);
  if (outcome !== "ok") {
    if (outcome === "wrong-code") await countWrongCode(session.userId);
    await recordStepUpFailure(session, method, outcome === "wrong-code" ? "wrong code" : "factor not enrolled", facts, policy);
    return { ok: false, code: outcome };
  }
  await completeStepUp(session, method, facts, policy, now);
  return { ok: true };
}

async function spendCode(session: ActiveSession, method: CodeMethod, code: string, facts: RequestFacts, now: Date): Promise<"ok" | "wrong-code" | "not-enrolled"> {
  if (method === "recovery-code") return (await spendRecoveryCode(session, code, facts, now)) ? "ok" : "wrong-code";
  if (method === "email-code") return (await checkEmailedCode(session, code, now)) ? "ok" : "wrong-code";
  const factor = await db.totpFactor.findUnique({ where: { userId: session.userId } });
  if (!factor?.confirmedAt) return "not-enrolled";
  const step = await matchTotpCode(decrypt(factor.secretEncrypted), code, factor.lastUsedStep, now);
  if (step === null) return "wrong-code";
  // Conditional on the step still being new: two requests racing with one code get one success.
  const claimed = await db.totpFactor.updateMany({
    where: { id: factor.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }] },
    data: { lastUsedStep: BigInt(step) },
  });
  return claimed.count === 1 ? "ok" : "wrong-code";
}
