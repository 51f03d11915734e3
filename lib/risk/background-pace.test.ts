import { describe, expect, it } from "vitest";
import { BUSY_LAG_MS, paceForLag } from "./background-pace";

describe("paceForLag", () => {
  it("runs two jobs at once, back to back, while timers are on time", () => {
    expect(paceForLag(10.4)).toEqual({ concurrency: 2, spacingMs: 0 });
    expect(paceForLag(10 + BUSY_LAG_MS)).toEqual({ concurrency: 2, spacingMs: 0 });
  });

  it("slows to a spaced trickle, never to a stop, when requests queue for the CPU", () => {
    expect(paceForLag(10 + BUSY_LAG_MS + 0.1)).toEqual({ concurrency: 1, spacingMs: 250 });
    expect(paceForLag(400)).toEqual({ concurrency: 1, spacingMs: 250 });
  });

  it("counts a window with no measurement as calm", () => {
    expect(paceForLag(Number.NaN)).toEqual({ concurrency: 2, spacingMs: 0 });
  });
});
