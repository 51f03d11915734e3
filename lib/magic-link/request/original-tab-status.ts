import { db } from "../../db";
import { loadAttempt } from "../load-attempt";
import { decoyStatus } from "./decoy-attempt";
import type { PendingAttempt } from "./pending-attempt";
import type { FailureReason } from "../failure-reasons";
import { tabDelivery, type TabDelivery } from "./tab-delivery";

/** Cancellations the waiting tab explains in their own words; any other reads "cancelled". */
const CANCELLED_BECAUSE: FailureReason[] = ["wrong-number", "too-many-tries", "not-requested"];

export type OriginalTabStatus =
  | { phase: "none" }
  | { phase: "waiting"; delivery: TabDelivery; expiresAt: string }
  | { phase: "approval-requested"; number: number; expiresAt: string }
  | { phase: "approved" }
  /** Redeemed, and the session is being created (Auth.js's callback, in whichever tab opened the link). */
  | { phase: "finishing" }
  /** The session exists: this browser is signed in, and this tab may follow to where the sign-in was going. */
  | { phase: "signed-in"; redirectTo: string }
  | { phase: "failed"; reason: FailureReason };

/**
 * What the "check your email" tab shows while it waits. Only the browser that asked
 * (matching binding) learns anything; everyone else sees "none". A decoy (a refused request)
 * answers like an attempt nobody opens.
 */
export async function originalTabStatus(
  pending: PendingAttempt | null,
  deviceHash: string | null,
  now: Date = new Date(),
): Promise<OriginalTabStatus> {
  if (!pending || !deviceHash) return { phase: "none" };
  if (pending.decoy) return decoyStatus(pending, now);
  const attempt = await loadAttempt(pending.attemptId);
  if (!attempt || attempt.bindingHash !== deviceHash) return { phase: "none" };
  const expiresAt = attempt.expiresAt.toISOString();
  switch (attempt.status) {
    case "REDEEMED":
      // The attempt is redeemed a moment before Auth.js sets the session cookie; following to the
      // account page before the session exists would bounce this tab back to an empty sign-in form.
      return (await db.session.count({ where: { attemptId: attempt.id } })) > 0
        ? { phase: "signed-in", redirectTo: attempt.callbackPath }
        : { phase: "finishing" };
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
  return { phase: "waiting", delivery: tabDelivery(attempt.deliveryStatus, attempt.deliveryProblem), expiresAt };
}
