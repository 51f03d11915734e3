import { FAILURE_REASONS, failureMessage, type FailureReason } from "./decide-redemption";

export { failureMessage };

const REASONS: ReadonlySet<string> = new Set(FAILURE_REASONS);

/** For reasons that arrive in a query string: only known ones are shown. */
export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === "string" && REASONS.has(value);
}
