import { describe, expect, it } from "vitest";
import { EXPECTED_ERROR_WINDOW_MS, throttleExpected, type ThrottleState } from "./auth-log-policy";

describe("throttleExpected", () => {
  it("logs the first of a kind, then nothing for a minute, then one line saying how many were left out", () => {
    const states = new Map<string, ThrottleState>();
    expect(throttleExpected(states, "Verification", 0)).toEqual({ log: true, suppressedBefore: 0 });
    for (let n = 1; n <= 4_999; n++) expect(throttleExpected(states, "Verification", n)).toEqual({ log: false });
    expect(throttleExpected(states, "Verification", EXPECTED_ERROR_WINDOW_MS)).toEqual({ log: true, suppressedBefore: 4_999 });
    expect(throttleExpected(states, "Verification", EXPECTED_ERROR_WINDOW_MS + 1)).toEqual({ log: false });
  });

  it("keeps each kind apart", () => {
    const states = new Map<string, ThrottleState>();
    expect(throttleExpected(states, "Verification", 0).log).toBe(true);
    expect(throttleExpected(states, "MissingCSRF", 1).log).toBe(true);
    expect(throttleExpected(states, "Verification", 2).log).toBe(false);
  });
});
