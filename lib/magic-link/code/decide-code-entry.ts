import { closedReason, isSameBrowser, type AttemptFacts, type RedemptionSettings } from "../attempt-state";
import type { FailureReason } from "../failure-reasons";

export type CodeEntryDecision = { allowed: true } | { allowed: false; reason: FailureReason; triesLeft: number };

/**
 * Before a typed code spends anything: an open attempt, in the browser that asked, with tries
 * left. A right code typed anywhere else is refused like a wrong one would be, so another
 * browser learns nothing about the code or the budgets.
 */
export function decideCodeEntry(
  attempt: AttemptFacts | null,
  request: { bindingHash: string | null },
  settings: RedemptionSettings,
  now: Date,
): CodeEntryDecision {
  const closed = closedReason(attempt, now);
  if (closed || !attempt) return { allowed: false, reason: closed ?? "not-found", triesLeft: 0 };
  const triesLeft = Math.max(0, settings.codeMaxTries - attempt.codeFailures);
  if (!isSameBrowser(attempt, request.bindingHash)) return { allowed: false, reason: "other-browser", triesLeft };
  if (triesLeft === 0) return { allowed: false, reason: "too-many-tries", triesLeft: 0 };
  return { allowed: true };
}

export interface WrongCodeVerdict {
  reason: "wrong-code" | "too-many-tries";
  triesLeft: number;
  /** This guess held the attempt's last try: the attempt dies, its link with it. */
  killAttempt: boolean;
  /** This guess spent the account's last point this hour: code entry pauses and the owner is told. */
  startLockout: boolean;
  /** This guess reached the consecutive-failure cap: codes are switched off for the account. */
  switchOffCodes: boolean;
}

/**
 * A wrong guess that held try number `tryNumber` of the attempt, left `accountRemaining`
 * points of the account's hourly budget, and made the streak of wrong codes `streak` long.
 */
export function judgeWrongCode(
  held: { tryNumber: number; accountRemaining: number; streak: number },
  limits: { codeMaxTries: number; streakCap: number },
): WrongCodeVerdict {
  const triesLeft = Math.max(0, limits.codeMaxTries - held.tryNumber);
  return {
    reason: triesLeft === 0 ? "too-many-tries" : "wrong-code",
    triesLeft,
    killAttempt: triesLeft === 0,
    startLockout: held.accountRemaining === 0,
    switchOffCodes: held.streak >= limits.streakCap,
  };
}
