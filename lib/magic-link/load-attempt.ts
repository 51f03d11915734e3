import { db } from "../db";
import { readEnv } from "../env";
import { hashesEqual, keyedHash } from "../security/secrets";
import type { AttemptFacts, RedemptionSettings } from "./attempt-state";

export async function loadAttempt(attemptId: string) {
  if (!/^[a-z0-9]{20,32}$/.test(attemptId)) return null;
  return db.loginAttempt.findUnique({ where: { id: attemptId }, include: { user: { select: { lockedAt: true } } } });
}

export type LoadedAttempt = NonNullable<Awaited<ReturnType<typeof loadAttempt>>>;

/** The attempt, but only for someone holding its link token (compared in constant time). */
export async function loadAttemptWithToken(attemptId: string, token: string): Promise<LoadedAttempt | null> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt || typeof token !== "string" || token.length < 20 || token.length > 100) return null;
  return hashesEqual(keyedHash("link-token", token), attempt.linkTokenHash) ? attempt : null;
}

export function attemptFacts(attempt: LoadedAttempt): AttemptFacts {
  return {
    status: attempt.status,
    expiresAt: attempt.expiresAt,
    bindingHash: attempt.bindingHash,
    approvedAt: attempt.approvedAt,
    approvalRequestedAt: attempt.approvalRequestedAt,
    codeFailures: attempt.codeFailures,
    accountLocked: attempt.user?.lockedAt != null,
  };
}

export function redemptionSettings(): RedemptionSettings {
  const env = readEnv();
  return { crossDevicePolicy: env.CROSS_DEVICE_POLICY, codeMaxTries: env.CODE_MAX_TRIES };
}
