/**
 * Why a sign-in email has not reached the person, as LoginAttempt.deliveryProblem keeps it
 * while its deliveryStatus is FAILED. Client-safe: no server imports.
 * - retrying: a temporary failure; the outbox tries again while the link is valid
 * - refused: refused for good (a 5xx, a spam complaint on record, or no time left to retry)
 * - bounced: accepted, then returned as undeliverable (provider feedback), or earlier mail
 *   to the address bounced and it is suppressed
 */
export type DeliveryProblem = "retrying" | "refused" | "bounced";

const PROBLEMS: ReadonlySet<string> = new Set<DeliveryProblem>(["retrying", "refused", "bounced"]);

export function isDeliveryProblem(value: unknown): value is DeliveryProblem {
  return typeof value === "string" && PROBLEMS.has(value);
}

/** What a suppressed address means for a message that was not sent there. */
export function suppressionProblem(reason: "hard-bounce" | "complaint"): DeliveryProblem {
  return reason === "hard-bounce" ? "bounced" : "refused";
}
