import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APPROVAL_NUMBER_MAX, APPROVAL_NUMBER_MIN, createApprovalNumber, parseTypedApprovalNumber } from "./approval-challenge";

describe("createApprovalNumber", () => {
  it("draws from 10..99, so a blind guess is right 1 time in 90", () => {
    const calls: Array<[number, number]> = [];
    expect(createApprovalNumber((min, max) => (calls.push([min, max]), 42))).toBe(42);
    expect(calls).toEqual([[10, 100]]);
    expect(APPROVAL_NUMBER_MAX - APPROVAL_NUMBER_MIN + 1).toBe(90);
  });

  it("refuses a generator that steps outside the range instead of showing a bad number", () => {
    expect(() => createApprovalNumber(() => 9)).toThrow(RangeError);
    expect(() => createApprovalNumber(() => 100)).toThrow(RangeError);
    expect(() => createApprovalNumber(() => 42.5)).toThrow(RangeError);
  });

  it("with the real generator, every number of the range turns up and nothing else", () => {
    const seen = new Set(Array.from({ length: 5_000 }, () => createApprovalNumber(randomInt)));
    expect(Math.min(...seen)).toBe(10);
    expect(Math.max(...seen)).toBe(99);
    expect(seen.size).toBe(90);
  });
});

describe("parseTypedApprovalNumber", () => {
  it.each([
    ["42", 42],
    [" 42 ", 42],
    [42, 42],
    ["99", 99],
    ["10", 10],
  ])("%j → %j", (typed, number) => {
    expect(parseTypedApprovalNumber(typed)).toBe(number);
  });

  it.each(["", "4", "042", "4 2", "4a", "100", "09", "-42", "42.0", null, undefined, {}, 42.5])(
    "%j is not a number anyone was shown",
    (typed) => {
      expect(parseTypedApprovalNumber(typed)).toBeNull();
    },
  );
});
