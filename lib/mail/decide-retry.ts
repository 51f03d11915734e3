/**
 * What a failed send means and what happens next. Pure: the outbox hands in the error it got
 * from the SMTP client and the clock; the answer says whether to try again and when.
 *
 * Permanent: the server refused this recipient or this message with a 5xx reply (550 no such
 * user, 554 rejected), the recipient is not a valid address, or the message could not even be
 * rendered. Trying again changes nothing.
 * Temporary: a 4xx reply (451 try later), a connection refused, reset or timed out, and any 5xx
 * that is about us rather than the message (535 authentication failed: an operator fixes the
 * settings and the queue drains).
 */

export type FailureKind = "permanent" | "temporary";

export interface SendFailureFacts {
  /** nodemailer's error code: EENVELOPE (RCPT refused), EMESSAGE (DATA refused), ECONNECTION, ETIMEDOUT, EAUTH… */
  code?: string;
  /** The SMTP reply code, when the server answered. */
  responseCode?: number;
  /** The message could not be built (no payload, rendering threw). */
  unrenderable?: boolean;
}

const ABOUT_THE_MESSAGE = new Set(["EENVELOPE", "EMESSAGE"]);

export function classifySendFailure(facts: SendFailureFacts): FailureKind {
  if (facts.unrenderable) return "permanent";
  const reply = facts.responseCode;
  // The client refused the envelope itself, before any server saw it: an invalid recipient.
  if (facts.code === "EENVELOPE" && reply === undefined) return "permanent";
  if (reply !== undefined && reply >= 500 && reply < 600 && ABOUT_THE_MESSAGE.has(facts.code ?? "")) return "permanent";
  return "temporary";
}

export type RetryDecision =
  { retry: true; nextTryAt: Date } | { retry: false; because: "permanent" | "too-many-tries" | "link-expires-first" };

/**
 * `tries` counts the one that just failed. A temporary failure is tried again after the
 * backoff, but not when the next try would come at or after the link's expiry: a link that
 * arrives dead is worse than a clear "could not be delivered".
 */
export function decideRetry(facts: {
  failure: FailureKind;
  tries: number;
  maxTries: number;
  delayMs: number;
  /** The link's expiry for a sign-in message; null for a message without one. */
  linkExpiresAt: Date | null;
  now: Date;
}): RetryDecision {
  if (facts.failure === "permanent") return { retry: false, because: "permanent" };
  if (facts.tries >= facts.maxTries) return { retry: false, because: "too-many-tries" };
  const nextTryAt = new Date(facts.now.getTime() + facts.delayMs);
  if (facts.linkExpiresAt && nextTryAt.getTime() >= facts.linkExpiresAt.getTime()) return { retry: false, because: "link-expires-first" };
  return { retry: true, nextTryAt };
}

/** Reads the SMTP client's error without trusting its shape. */
export function sendFailureFacts(error: unknown): SendFailureFacts {
  if (typeof error !== "object" || error === null) return {};
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return {
    code: typeof code === "string" ? code : undefined,
    responseCode: typeof responseCode === "number" ? responseCode : undefined,
  };
}
