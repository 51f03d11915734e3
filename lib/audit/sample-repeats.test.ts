import { describe, expect, it } from "vitest";
import { isSampledOccurrence } from "./sample-repeats";

describe("isSampledOccurrence", () => {
  it("records the 1st, 2nd, 4th, 8th… occurrence", () => {
    const recorded = Array.from({ length: 100 }, (_, index) => index + 1).filter(isSampledOccurrence);
    expect(recorded).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it("bounds a flood of 5,000 to 13 events per source and window", () => {
    expect(Array.from({ length: 5_000 }, (_, index) => index + 1).filter(isSampledOccurrence)).toHaveLength(13);
  });

  it("records nothing for a count that cannot happen", () => {
    expect(isSampledOccurrence(0)).toBe(false);
    expect(isSampledOccurrence(-4)).toBe(false);
  });
});
