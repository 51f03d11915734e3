import { describe, expect, it } from "vitest";
import { attempt, CLOSED, MINE, NOW, OPEN_STATUSES, OTHER, POLICIES, settings } from "@/test/support/attempt-facts";
import { decideCodeEntry, judgeWrongCode } from "./decide-code-entry";

describe("decideCodeEntry", () => {
  it.each(CLOSED)("%s → refused with no tries left", (_, facts, reason) => {
    expect(decideCodeEntry(facts, { bindingHash: MINE }, settings(), NOW)).toEqual({ allowed: false, reason, triesLeft: 0 });
  });

  it.each(OPEN_STATUSES)("the browser that asked may try (%s), under every policy", (status) => {
    for (const crossDevicePolicy of POLICIES) {
      expect(decideCodeEntry(attempt({ status }), { bindingHash: MINE }, settings({ crossDevicePolicy }), NOW)).toEqual({ allowed: true });
    }
  });

  it("any other browser is refused before a guess can spend anything", () => {
    expect(decideCodeEntry(attempt({ codeFailures: 1 }), { bindingHash: OTHER }, settings(), NOW)).toEqual({
      allowed: false,
      reason: "other-browser",
      triesLeft: 4,
    });
    expect(decideCodeEntry(attempt(), { bindingHash: null }, settings({ crossDevicePolicy: "allow" }), NOW)).toEqual({
      allowed: false,
      reason: "other-browser",
      triesLeft: 5,
    });
  });

  it("an attempt whose tries are all spent refuses even the right code", () => {
    for (const codeFailures of [5, 9]) {
      expect(decideCodeEntry(attempt({ codeFailures }), { bindingHash: MINE }, settings(), NOW)).toEqual({
        allowed: false,
        reason: "too-many-tries",
        triesLeft: 0,
      });
    }
  });
});

describe("judgeWrongCode", () => {
  const limits = { codeMaxTries: 5, streakCap: 100 };
  const held = (overrides: Partial<{ tryNumber: number; accountRemaining: number; streak: number }> = {}) => ({
    tryNumber: 1,
    accountRemaining: 9,
    streak: 1,
    ...overrides,
  });

  it("counts down the attempt's tries", () => {
    expect(judgeWrongCode(held(), limits)).toEqual({
      reason: "wrong-code",
      triesLeft: 4,
      killAttempt: false,
      startLockout: false,
      switchOffCodes: false,
    });
    expect(judgeWrongCode(held({ tryNumber: 4 }), limits)).toMatchObject({ reason: "wrong-code", triesLeft: 1, killAttempt: false });
  });

  it("the guess that held the last try kills the attempt", () => {
    expect(judgeWrongCode(held({ tryNumber: 5 }), limits)).toMatchObject({ reason: "too-many-tries", triesLeft: 0, killAttempt: true });
    expect(judgeWrongCode(held({ tryNumber: 1 }), { ...limits, codeMaxTries: 1 })).toMatchObject({ killAttempt: true });
  });

  it("the guess that spent the account's last point starts the lockout", () => {
    expect(judgeWrongCode(held({ accountRemaining: 0 }), limits).startLockout).toBe(true);
    expect(judgeWrongCode(held({ accountRemaining: 1 }), limits).startLockout).toBe(false);
  });

  it("the guess that reached the streak cap switches codes off", () => {
    expect(judgeWrongCode(held({ streak: 99 }), limits).switchOffCodes).toBe(false);
    expect(judgeWrongCode(held({ streak: 100 }), limits).switchOffCodes).toBe(true);
  });
});
