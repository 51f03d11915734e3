import { closedReason, isSameBrowser, type AttemptFacts, type RedemptionSettings } from "../attempt-state";
import type { FailureReason } from "../failure-reasons";

export type LinkOpenDecision =
  | { kind: "redeem-here" }
  | { kind: "confirm-other-device" }
  | { kind: "approve-for-original" }
  | { kind: "refuse-other-device"; reason: "other-browser" }
  | { kind: "failed"; reason: FailureReason };

export type LinkRedemptionDecision =
  { allowed: true; via: "same-browser" | "other-device-confirmed" } | { allowed: false; reason: FailureReason };

/** What the landing page offers once its script has proved it holds the link. Nothing is consumed. */
export function decideLinkOpen(
  attempt: AttemptFacts | null,
  request: { bindingHash: string | null },
  settings: RedemptionSettings,
  now: Date,
): LinkOpenDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { kind: "failed", reason: closed ?? "not-found" };
  if (isSameBrowser(attempt, request.bindingHash)) return { kind: "redeem-here" };
  // The link already approved the original tab; it has done its one job.
  if (attempt.approvedAt) return { kind: "failed", reason: "already-used" };
  if (settings.crossDevicePolicy === "allow") return { kind: "confirm-other-device" };
  if (settings.crossDevicePolicy === "approve") return { kind: "approve-for-original" };
  return { kind: "refuse-other-device", reason: "other-browser" };
}

/** The explicit POST that signs this browser in with the link. */
export function decideLinkRedemption(
  attempt: AttemptFacts | null,
  request: { bindingHash: string | null; confirmedOtherDevice: boolean },
  settings: RedemptionSettings,
  now: Date,
): LinkRedemptionDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { allowed: false, reason: closed ?? "not-found" };
  if (isSameBrowser(attempt, request.bindingHash)) return { allowed: true, via: "same-browser" };
  if (attempt.approvedAt) return { allowed: false, reason: "already-used" };
  // Under "approve" another device may only approve the original tab, never sign itself in.
  if (settings.crossDevicePolicy === "allow" && request.confirmedOtherDevice) return { allowed: true, via: "other-device-confirmed" };
  return { allowed: false, reason: "other-browser" };
}
