import { loadAttempt } from "../load-attempt";
import type { FailureReason } from "../failure-reasons";

/** Cancellations the waiting tab explains in their own words; any other reads "cancelled". */
const CANCELLED_BECAUSE: FailureReason[] = ["wrong-number", "too-many-tries", "not-requested"];

export type OriginalTabStatus =
  | { phase: "none" }
  | { phase: "waiting"; delivery: "QUEUED" | "SENT" | "FAILED"; expiresAt: string }
  | { phase: "approval-requested"; number: number; expiresAt: string }
  | { phase: "approved" }
  | { phase: "redeemed" }
  | { phase: "failed"; reason: FailureReason };

/**
 * What the "check your email" tab shows while it waits. Only the browser that asked
 * (matching binding) learns anything; everyone else sees "none".
 */
export async function originalTabStatus(
  attemptId: string | null,
  deviceHash: string | null,
  now: Date = new Date(),
): Promise<OriginalTabStatus> {
  if (!attemptId || !deviceHash) return { phase: "none" };
  const attempt = await loadAttempt(attemptId);
  if (!attempt || attempt.bindingHash !== deviceHash) return { phase: "none" };
  const expiresAt = attempt.expiresAt.toISOString();
  switch (attempt.status) {
    case "REDEEMED":
      return { phase: "redeemed" };
    case "SUPERSEDED":
      return { phase: "failed", reason: "superseded" };
    case "CANCELLED":
      return { phase: "failed", reason: CANCELLED_BECAUSE.find((reason) => reason === attempt.failureReason) ?? "cancelled" };
    case "LOCKED":
      return { phase: "failed", reason: "locked" };
  }
  if (now >= attempt.expiresAt) return { phase: "failed", reason: "expired" };
  if (attempt.status === "AWAITING_APPROVAL") {
    if (attempt.approvedAt) return { phase: "approved" };
    if (attempt.approvalNumber) return { phase: "approval-requested", number: attempt.approvalNumber, expiresAt };
  }
  return { phase: "waiting", delivery: attempt.deliveryStatus, expiresAt };
}
