/**
 * What Auth.js's errors become in our logs. Errors a client causes on purpose or by accident
 * (a junk or used token, a missing CSRF cookie, an unknown action) are expected: one line
 * without a stack, at most once a minute per kind, with how many were left out — a flood of
 * junk callbacks must not write a stack trace per request. Anything else may be a bug and is
 * logged in full, every time.
 */
export const EXPECTED_AUTH_ERRORS = new Set([
  "Verification",
  "MissingCSRF",
  "InvalidCheck",
  "UnknownAction",
  "InvalidCallbackUrl",
  "AccessDenied",
  "AuthorizedCallbackError",
  "UntrustedHost",
]);

export const EXPECTED_ERROR_WINDOW_MS = 60_000;

export interface ThrottleState {
  windowStart: number;
  suppressed: number;
}

export type ThrottleDecision = { log: false } | { log: true; suppressedBefore: number };

/** Pure: whether this occurrence of an expected error is logged, given its kind's state (updated in place). */
export function throttleExpected(states: Map<string, ThrottleState>, kind: string, now: number): ThrottleDecision {
  const state = states.get(kind);
  if (state && now - state.windowStart < EXPECTED_ERROR_WINDOW_MS) {
    state.suppressed += 1;
    return { log: false };
  }
  states.set(kind, { windowStart: now, suppressed: 0 });
  return { log: true, suppressedBefore: state?.suppressed ?? 0 };
}
