import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApprovalChallenge, type RandomInt } from "./approval-challenge";

/** Returns the given values in order and records each call's range. */
function scripted(values: number[]) {
  const calls: Array<[number, number]> = [];
  const next: RandomInt = (min, maxExclusive) => {
    calls.push([min, maxExclusive]);
    if (values.length === 0) throw new Error("ran out of scripted values");
    return values.shift() as number;
  };
  return { next, calls };
}

describe("createApprovalChallenge", () => {
  it("draws the number and two decoys from 10..99, then shuffles with Fisher–Yates", () => {
    const rng = scripted([42, 17, 88, 0, 1]);
    // choices before shuffle [42, 17, 88]; i=2,j=0 → [88, 17, 42]; i=1,j=1 → unchanged.
    expect(createApprovalChallenge(rng.next)).toEqual({ number: 42, choices: [88, 17, 42] });
    expect(rng.calls).toEqual([
      [10, 100],
      [10, 100],
      [10, 100],
      [0, 3],
      [0, 2],
    ]);
  });

  it("leaves the order alone when the shuffle picks each element itself", () => {
    expect(createApprovalChallenge(scripted([42, 17, 88, 2, 1]).next)).toEqual({ number: 42, choices: [42, 17, 88] });
  });

  it("redraws decoys that repeat the number or each other", () => {
    const rng = scripted([42, 42, 17, 17, 42, 99, 2, 1]);
    expect(createApprovalChallenge(rng.next)).toEqual({ number: 42, choices: [42, 17, 99] });
  });

  it("ignores decoys outside the range or not whole numbers", () => {
    expect(createApprovalChallenge(scripted([42, 9, 100, 12.5, 10, 99, 2, 1]).next).choices).toEqual([42, 10, 99]);
  });

  it("still returns three distinct choices when the generator is stuck", () => {
    const stuck: RandomInt = (min) => (min === 0 ? 0 : 10);
    const challenge = createApprovalChallenge(stuck);
    expect(challenge.number).toBe(10);
    expect([...challenge.choices].sort()).toEqual([10, 11, 12]);
  });

  it.each([[9], [100], [50.5], [Number.NaN]])("refuses a number outside 10..99 (%j) instead of showing it", (bad) => {
    expect(() => createApprovalChallenge(() => bad)).toThrow(RangeError);
  });

  it("refuses a shuffle index outside the range", () => {
    expect(() => createApprovalChallenge(scripted([42, 17, 88, 3]).next)).toThrow(RangeError);
    expect(() => createApprovalChallenge(scripted([42, 17, 88, -1]).next)).toThrow(RangeError);
  });

  it("with crypto.randomInt: always valid, and the answer lands in every position", () => {
    const positions = new Set<number>();
    for (let run = 0; run < 300; run++) {
      const { number, choices } = createApprovalChallenge(randomInt);
      expect(Number.isInteger(number) && number >= 10 && number <= 99).toBe(true);
      expect(choices).toHaveLength(3);
      expect(new Set(choices).size).toBe(3);
      expect(choices).toContain(number);
      for (const choice of choices) expect(choice >= 10 && choice <= 99).toBe(true);
      positions.add(choices.indexOf(number));
    }
    expect(positions).toEqual(new Set([0, 1, 2]));
  });
});
