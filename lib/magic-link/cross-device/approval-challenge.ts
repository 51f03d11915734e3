/**
 * Number matching for cross-device approval: the original tab shows a two-digit number and
 * the device holding the link must type it. Someone who requested a link for a victim cannot
 * get it approved by a victim who taps without reading: there is nothing to tap, a blind
 * guess is right 1 time in 90, and the first number typed, right or wrong, is the only one
 * ever judged (a wrong one cancels the attempt).
 *
 * Randomness is injected (production passes node:crypto's `randomInt`) so tests are exact.
 */

export type RandomInt = (min: number, maxExclusive: number) => number;

export const APPROVAL_NUMBER_MIN = 10;
export const APPROVAL_NUMBER_MAX = 99;

export function createApprovalNumber(randomInt: RandomInt): number {
  const number = randomInt(APPROVAL_NUMBER_MIN, APPROVAL_NUMBER_MAX + 1);
  if (!Number.isInteger(number) || number < APPROVAL_NUMBER_MIN || number > APPROVAL_NUMBER_MAX) {
    throw new RangeError(`randomInt returned ${number}, outside ${APPROVAL_NUMBER_MIN}..${APPROVAL_NUMBER_MAX}`);
  }
  return number;
}

/** What a person typed, as the number it stands for; null for anything that is not two digits. */
export function parseTypedApprovalNumber(typed: unknown): number | null {
  const text = typeof typed === "number" ? String(typed) : typeof typed === "string" ? typed.trim() : "";
  return /^[1-9]\d$/.test(text) ? Number(text) : null;
}
