import type { ActiveSuppression } from "./suppression";

/**
 * Whether a claimed message may go out now. Pure: the facts are read under the outbox's
 * lease right before sending, so a link that was superseded, cancelled, redeemed or expired
 * while it waited in the queue (or between retries) is never mailed.
 */

/** The sign-in attempt a message carries a link for, as it stands now; null when the message has none. */
export interface LinkedAttempt {
  /** Null when the attempt is gone (erased) although the message still names it. */
  status: string | null;
  expiresAt: Date | null;
}

export type SkipReason =
  "link-expired" | "link-superseded" | "link-cancelled" | "link-redeemed" | "link-locked" | "link-missing" | "address-suppressed";

export type SendDecision = { send: true } | { send: false; reason: SkipReason };

const CLOSED: Record<string, SkipReason> = {
  SUPERSEDED: "link-superseded",
  CANCELLED: "link-cancelled",
  REDEEMED: "link-redeemed",
  LOCKED: "link-locked",
};

/** Checked in this order: a closed link first (its own words), then an expired one, then the address. */
export function decideSend(facts: { attempt: LinkedAttempt | null; suppression: ActiveSuppression | null; now: Date }): SendDecision {
  const { attempt, suppression, now } = facts;
  if (attempt) {
    if (attempt.status === null || attempt.expiresAt === null) return { send: false, reason: "link-missing" };
    const closed = CLOSED[attempt.status];
    if (closed) return { send: false, reason: closed };
    if (now.getTime() >= attempt.expiresAt.getTime()) return { send: false, reason: "link-expired" };
  }
  if (suppression) return { send: false, reason: "address-suppressed" };
  return { send: true };
}

/** The words an audit reader sees for each skip. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  "link-expired": "the link expired before it could be sent",
  "link-superseded": "a newer link was requested",
  "link-cancelled": "the sign-in was cancelled",
  "link-redeemed": "the sign-in was already completed",
  "link-locked": "the sign-in was locked",
  "link-missing": "the sign-in no longer exists",
  "address-suppressed": "address suppressed",
};
