import type { FailureReason } from "./failure-reasons";

/**
 * What every stage's decision knows about an attempt, and the two checks they share. The
 * decisions are pure functions of these facts, the request and the clock; callers then act
 * with one conditional UPDATE that repeats the essential conditions, so a decision made on
 * stale facts can never redeem twice.
 */
export type AttemptStatus = "PENDING" | "AWAITING_APPROVAL" | "REDEEMED" | "SUPERSEDED" | "CANCELLED" | "LOCKED" | "DELIVERY_FAILED";

export interface AttemptFacts {
  status: AttemptStatus;
  expiresAt: Date;
  bindingHash: string;
  approvedAt: Date | null;
  approvalRequestedAt: Date | null;
  codeFailures: number;
  accountLocked: boolean;
}

export type CrossDevicePolicy = "strict" | "approve" | "allow";

export interface RedemptionSettings {
  crossDevicePolicy: CrossDevicePolicy;
  codeMaxTries: number;
}

// PENDING, AWAITING_APPROVAL and DELIVERY_FAILED are open: a retried send may still arrive.
const FINAL_STATUS: Partial<Record<AttemptStatus, FailureReason>> = {
  REDEEMED: "already-used",
  SUPERSEDED: "superseded",
  CANCELLED: "cancelled",
  LOCKED: "locked",
};

/** Why an attempt can no longer be used at all, checked in this order; null while it is open. */
export function closedReason(attempt: AttemptFacts | null, now: Date): FailureReason | null {
  if (!attempt) return "not-found";
  if (attempt.accountLocked) return "locked";
  const final = FINAL_STATUS[attempt.status];
  if (final) return final;
  return now.getTime() >= attempt.expiresAt.getTime() ? "expired" : null;
}

/** The browser that asked: its binding cookie's hash matches the one stored at request time. */
export function isSameBrowser(attempt: AttemptFacts, bindingHash: string | null): boolean {
  return Boolean(bindingHash) && Boolean(attempt.bindingHash) && bindingHash === attempt.bindingHash;
}
