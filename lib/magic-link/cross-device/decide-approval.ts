import { closedReason, isSameBrowser, type AttemptFacts } from "../attempt-state";
import type { FailureReason } from "../failure-reasons";

export type ApprovalPickDecision = { approved: true } | { approved: false; reason: FailureReason };
export type ApprovedFinishDecision = { allowed: true } | { allowed: false; reason: FailureReason };

/** Another device types the number the original tab shows; only the right number approves. */
export function decideApprovalPick(
  attempt: (AttemptFacts & { approvalNumber: number | null }) | null,
  typed: number,
  now: Date,
): ApprovalPickDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { approved: false, reason: closed ?? "not-found" };
  if (attempt.approvedAt) return { approved: false, reason: "already-used" };
  // No challenge was issued (the link was never opened on another device): nothing to approve.
  if (attempt.status !== "AWAITING_APPROVAL" || attempt.approvalNumber === null) return { approved: false, reason: "not-found" };
  return typed === attempt.approvalNumber ? { approved: true } : { approved: false, reason: "wrong-number" };
}

/** The original tab, after approval by another device, finishes its own sign-in. */
export function decideApprovedFinish(
  attempt: AttemptFacts | null,
  request: { bindingHash: string | null },
  now: Date,
): ApprovedFinishDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { allowed: false, reason: closed ?? "not-found" };
  if (!isSameBrowser(attempt, request.bindingHash)) return { allowed: false, reason: "other-browser" };
  if (!attempt.approvedAt) return { allowed: false, reason: "not-found" };
  return { allowed: true };
}
