import { describe, expect, it } from "vitest";
import { timeToAccepted } from "./delivery";

describe("timeToAccepted", () => {
  it("joins every request with its message and tells accepted-by-load-end from accepted later", () => {
    const result = timeToAccepted({
      sends: [
        ["a@x", 1_000],
        ["b@x", 1_100],
        ["c@x", 1_200],
      ],
      accepted: new Map([
        ["a@x", 1_300],
        ["b@x", 2_100],
        ["c@x", 5_200],
        ["other@x", 1_000],
      ]),
      expected: 3,
      loadEndedAt: 2_500,
    });
    expect(result).toMatchObject({ expected: 3, acceptedAtLoadEnd: 2, acceptedAfterDrain: 3 });
    expect(result.requestToAcceptedMs).toEqual({ p50: 1_000, p95: 4_000, p99: 4_000, max: 4_000 });
  });

  it("counts a message never accepted as infinitely late, so it cannot flatter the percentiles", () => {
    const result = timeToAccepted({
      sends: [
        ["a@x", 0],
        ["b@x", 0],
      ],
      accepted: new Map([["a@x", 10]]),
      expected: 2,
      loadEndedAt: 100,
    });
    expect(result.acceptedAfterDrain).toBe(1);
    expect(result.requestToAcceptedMs.p50).toBe(10);
    expect(result.requestToAcceptedMs.p95).toBe(Number.POSITIVE_INFINITY);
  });
});
