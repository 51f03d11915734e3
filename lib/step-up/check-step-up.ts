import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { isAdminAccount } from "../auth/admin-identity";
import { recordEvents } from "../audit/record-events";
import { type ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { decideStepUp, type StepUpDecision, type StepUpFacts, type StepUpRefusalReason } from "./decide-step-up";
import { stepUpPolicy, type StepUpPolicyName } from "./policies";
import { readStepUpRecord } from "./step-up-record";

type SessionForStepUp = Pick<ActiveSession, "id" | "userId" | "createdAt" | "stepUps" | "user" | "awaitingSignInFactor">;

// Writing the "last used" time on every request would be a write per page view; a minute's
// precision is plenty for a 30-minute idle rule.
const NOTE_USE_EVERY_MS = 60_000;

export async function loadStepUpFacts(session: SessionForStepUp): Promise<StepUpFacts> {
  const [passkeys, totp, recoveryCodes] = await Promise.all([
    db.passkey.count({ where: { userId: session.userId } }),
    db.totpFactor.count({ where: { userId: session.userId, confirmedAt: { not: null } } }),
    db.recoveryCode.count({ where: { userId: session.userId, usedAt: null } }),
  ]);
  const record = readStepUpRecord(session.stepUps);
  return {
    signedInAt: session.createdAt,
    proofs: record.proofs,
    lastUsed: record.lastUsed,
    enrolled: { passkey: passkeys > 0, totp: totp > 0, recoveryCodes: recoveryCodes > 0 },
    isAdmin: isAdminAccount(session.user, readEnv().ADMIN_EMAILS),
    awaitingSignInFactor: session.awaitingSignInFactor,
  };
}

/** Decides, and for idle-limited policies notes this use so that activity keeps the proof alive. */
export async function checkStepUp(session: SessionForStepUp, name: StepUpPolicyName, now: Date = new Date()): Promise<StepUpDecision> {
  const policy = stepUpPolicy(name);
  const facts = await loadStepUpFacts(session);
  const decision = decideStepUp(policy, facts, now);
  if (decision.allowed && policy.idleMinutes !== undefined) {
    const lastUsed = facts.lastUsed[name];
    if (!lastUsed || now.getTime() - lastUsed.getTime() >= NOTE_USE_EVERY_MS) await noteUse(session.id, name, now);
  }
  return decision;
}

/** One atomic JSON update, so that a concurrent step-up or another policy's note is never overwritten. */
async function noteUse(sessionId: string, name: StepUpPolicyName, now: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "Session"
    SET "stepUps" = jsonb_set("stepUps", '{lastUsed}', COALESCE("stepUps"->'lastUsed', '{}'::jsonb) || jsonb_build_object(${name}::text, ${now.toISOString()}::text))
    WHERE "id" = ${sessionId}`;
}

export async function recordStepUpRequired(
  session: Pick<ActiveSession, "userId" | "tokenHash">,
  name: StepUpPolicyName,
  reason: StepUpRefusalReason,
  facts: RequestFacts,
): Promise<void> {
  await recordEvents(db, [
    {
      type: "stepup.required",
      userId: session.userId,
      sessionHash: session.tokenHash,
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
      outcome: "info",
      reason,
      details: { policy: name, method: facts.method },
    },
  ]);
}
