import "server-only";
import { consume, limiterFor, remainingPoints } from "../rate-limit/limiters";

/**
 * Wrong TOTP, recovery and emailed step-up codes share one budget per account: five per
 * fifteen minutes, then code entry pauses for fifteen minutes. A 6-digit code then needs
 * decades of guessing; passkeys are unaffected, so the owner is never locked out of them.
 */
const RULE = { points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60 };

const limiter = () => limiterFor("stepup-wrong-codes", RULE);

/** Seconds until codes are accepted again, or 0 when the account may try now. */
export async function codeEntryPausedFor(userId: string): Promise<number> {
  const left = await remainingPoints(limiter(), userId, RULE.points);
  return left > 0 ? 0 : RULE.blockSeconds;
}

export async function countWrongCode(userId: string): Promise<void> {
  await consume(limiter(), userId);
}
