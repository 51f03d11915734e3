/**
 * The sign-in lifecycle's decisions, as pure functions of the attempt, the request and the
 * clock. Callers load facts, ask here, then act with one conditional UPDATE that repeats the
 * essential conditions, so a decision made on stale facts can never redeem twice.
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

export const FAILURE_REASONS = [
  "expired",
  "already-used",
  "superseded",
  "cancelled",
  "locked",
  "not-found",
  "other-browser",
  "too-many-tries",
  "wrong-code",
  "account-locked",
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export type LinkOpenDecision =
  | { kind: "redeem-here" }
  | { kind: "confirm-other-device" }
  | { kind: "approve-for-original" }
  | { kind: "refuse-other-device"; reason: "other-browser" }
  | { kind: "failed"; reason: FailureReason };

export type LinkRedemptionDecision =
  { allowed: true; via: "same-browser" | "other-device-confirmed" } | { allowed: false; reason: FailureReason };
export type ApprovalPickDecision = { approved: true } | { approved: false; reason: FailureReason | "wrong-number" };
export type ApprovedFinishDecision = { allowed: true } | { allowed: false; reason: FailureReason };
export type CodeEntryDecision =
  { allowed: true } | { allowed: false; reason: FailureReason; triesLeft: number; killAttempt: boolean; lockAccount: boolean };

// PENDING, AWAITING_APPROVAL and DELIVERY_FAILED are open: a retried send may still arrive.
const FINAL_STATUS: Partial<Record<AttemptStatus, FailureReason>> = {
  REDEEMED: "already-used",
  SUPERSEDED: "superseded",
  CANCELLED: "cancelled",
  LOCKED: "locked",
};

/** Why an attempt can no longer be used at all, checked in this order; null while it is open. */
function closedReason(attempt: AttemptFacts | null, now: Date): FailureReason | null {
  if (!attempt) return "not-found";
  if (attempt.accountLocked) return "locked";
  const final = FINAL_STATUS[attempt.status];
  if (final) return final;
  return now.getTime() >= attempt.expiresAt.getTime() ? "expired" : null;
}

/** The browser that asked: its binding cookie's hash matches the one stored at request time. */
function isSameBrowser(attempt: AttemptFacts, bindingHash: string | null): boolean {
  return Boolean(bindingHash) && Boolean(attempt.bindingHash) && bindingHash === attempt.bindingHash;
}

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

/** Another device picks the number the original tab shows; only the right pick approves. */
export function decideApprovalPick(
  attempt: (AttemptFacts & { approvalNumber: number | null }) | null,
  pick: number,
  now: Date,
): ApprovalPickDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { approved: false, reason: closed ?? "not-found" };
  if (attempt.approvedAt) return { approved: false, reason: "already-used" };
  // No challenge was issued (the link was never opened on another device): nothing to approve.
  if (attempt.status !== "AWAITING_APPROVAL" || attempt.approvalNumber === null) return { approved: false, reason: "not-found" };
  return pick === attempt.approvalNumber ? { approved: true } : { approved: false, reason: "wrong-number" };
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

/**
 * The 6-digit code, typed in the browser that asked. Wrong codes count per attempt (the
 * attempt dies at codeMaxTries) and per account (an exhausted hourly budget pauses code
 * entry, even for a right code; the link in the same browser still works, so an attacker
 * burning the budget cannot lock the owner out).
 */
export function decideCodeEntry(
  attempt: AttemptFacts | null,
  request: { bindingHash: string | null; codeMatches: boolean; accountCodeBudgetLeft: number },
  settings: RedemptionSettings,
  now: Date,
): CodeEntryDecision {
  const refuse = (reason: FailureReason, triesLeft: number, killAttempt = false, lockAccount = false): CodeEntryDecision => ({
    allowed: false,
    reason,
    triesLeft: Math.max(0, triesLeft),
    killAttempt,
    lockAccount,
  });
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return refuse(closed ?? "not-found", 0);
  const triesLeft = settings.codeMaxTries - attempt.codeFailures;
  if (!isSameBrowser(attempt, request.bindingHash)) return refuse("other-browser", triesLeft);
  if (request.accountCodeBudgetLeft <= 0) return refuse("account-locked", triesLeft, false, true);
  if (triesLeft <= 0) return refuse("too-many-tries", 0, true);
  if (request.codeMatches) return { allowed: true };
  const killAttempt = triesLeft - 1 <= 0;
  // This wrong code spends the account's last point: the caller starts the lockout and tells the owner.
  return refuse(killAttempt ? "too-many-tries" : "wrong-code", triesLeft - 1, killAttempt, request.accountCodeBudgetLeft <= 1);
}

/**
 * What to tell the user. The same words whether or not an account exists for the address:
 * these screens are reached with a link or an attempt id, never by typing an address.
 */
export function failureMessage(reason: FailureReason | "wrong-number", linkTtlMinutes: number): { title: string; body: string } {
  const messages: Record<FailureReason | "wrong-number", { title: string; body: string }> = {
    expired: {
      title: "This link has expired",
      body: `Links work for ${linkTtlMinutes} minutes and only once. Request a new link from the sign-in page.`,
    },
    "already-used": {
      title: "This link has already been used",
      body: "Each link signs in only once. If you still need to sign in, request a new link from the sign-in page.",
    },
    superseded: {
      title: "A newer link was sent",
      body: "Only the most recent link works. Use the link in the newest email, or request a new one.",
    },
    cancelled: {
      title: "This sign-in was cancelled",
      body: "For your safety this link can no longer be used. Request a new link from the sign-in page.",
    },
    locked: {
      title: "This sign-in can't be completed",
      body: "For your security this sign-in was stopped. If you think this is a mistake, contact support.",
    },
    "not-found": {
      title: "This link isn't valid",
      body: "It may be incomplete. Open it straight from the email, or request a new link from the sign-in page.",
    },
    "other-browser": {
      title: "This link was requested in another browser",
      body: "Open the link in the browser where you asked for it, or type the 6-digit code there.",
    },
    "too-many-tries": {
      title: "Too many wrong codes",
      body: "This code no longer works. Request a new link and code from the sign-in page.",
    },
    "wrong-code": { title: "That code isn't right", body: "Check the 6-digit code in the newest email and try again." },
    "account-locked": {
      title: "Code entry is paused",
      body: "There were too many wrong codes for this address. Try again later, or open the link from the email in this browser.",
    },
    "wrong-number": {
      title: "Sign-in not approved",
      body: "The number picked didn't match, so this sign-in was cancelled. If you were signing in, request a new link.",
    },
  };
  return messages[reason] ?? messages["not-found"];
}
