/**
 * Number matching for cross-device approval: the original tab shows a two-digit number and
 * the device holding the link must pick it from three. Someone who requested a link for a
 * victim cannot get it approved by a victim who taps without looking: a blind tap fails two
 * times in three, and a wrong pick cancels the attempt.
 *
 * Randomness is injected (production passes node:crypto's `randomInt`) so tests are exact.
 */

export type RandomInt = (min: number, maxExclusive: number) => number;

export interface ApprovalChallenge {
  /** What the original tab shows, 10..99. */
  number: number;
  /** Three distinct numbers, one of them `number`, in random order. */
  choices: number[];
}

const MIN = 10;
const MAX_EXCLUSIVE = 100;
const CHOICES = 3;
// A fair generator needs about one draw per decoy; the cap only guards against a broken one.
const MAX_DRAWS = 100;

export function createApprovalChallenge(randomInt: RandomInt): ApprovalChallenge {
  const number = randomInt(MIN, MAX_EXCLUSIVE);
  if (!Number.isInteger(number) || number < MIN || number >= MAX_EXCLUSIVE) {
    throw new RangeError(`randomInt returned ${number}, outside ${MIN}..${MAX_EXCLUSIVE - 1}`);
  }
  const choices = [number];
  for (let draws = 0; choices.length < CHOICES && draws < MAX_DRAWS; draws++) {
    const decoy = randomInt(MIN, MAX_EXCLUSIVE);
    if (Number.isInteger(decoy) && decoy >= MIN && decoy < MAX_EXCLUSIVE && !choices.includes(decoy)) choices.push(decoy);
  }
  // Only reachable with a broken generator: still give distinct choices rather than loop forever.
  for (let candidate = MIN; choices.length < CHOICES; candidate++) {
    if (!choices.includes(candidate)) choices.push(candidate);
  }
  return { number, choices: shuffle(choices, randomInt) };
}

/** Fisher–Yates, so the right answer is equally likely in every position. */
function shuffle(items: number[], randomInt: RandomInt): number[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    if (!Number.isInteger(j) || j < 0 || j > i) throw new RangeError(`randomInt returned ${j}, outside 0..${i}`);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
