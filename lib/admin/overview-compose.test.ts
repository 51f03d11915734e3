import { describe, expect, it } from "vitest";
import { ATTEMPT_COUNTERS, composeOverview, type AttemptCountRow, type AttemptCounters } from "./overview-compose";
import { overviewWindow } from "./overview-window";

const window = overviewWindow("7d", new Date("2026-03-02T09:30:00Z"));
const counters = (values: Partial<AttemptCounters>): AttemptCounters => ({
  ...(Object.fromEntries(ATTEMPT_COUNTERS.map((name) => [name, 0])) as AttemptCounters),
  ...values,
});
const row = (at: string, values: Partial<AttemptCounters>): AttemptCountRow => ({ at, ...counters(values) });
const noLive = { unexpiredPending: 0, unexpiredFailed: 0, medianSendToClickSeconds: null };

describe("composeOverview", () => {
  it("adds rollup rows and raw edge rows of the same bucket together", () => {
    const overview = composeOverview(
      window,
      [
        row("2026-03-02T06:00:00.000Z", { requested: 5, sent: 4, opened: 3, sessions: 2 }),
        row("2026-03-02T09:00:00.000Z", { requested: 1, sent: 1 }),
      ],
      [],
      noLive,
    );
    expect(overview.series.find((point) => point.bucket === "2026-03-02T06:00:00.000Z")).toEqual({
      bucket: "2026-03-02T06:00:00.000Z",
      requested: 6,
      sent: 5,
      opened: 3,
      sessions: 2,
      rateLimited: 0,
      scannerFetches: 0,
    });
    expect(overview.series).toHaveLength(29);
    expect(overview.funnel).toEqual({ requested: 6, sent: 5, delivered: 0, opened: 3, sessions: 2 });
    expect(overview.conversion).toBeCloseTo(2 / 6, 10);
  });

  it("splits open attempts into expired and still open with the live counts", () => {
    const overview = composeOverview(
      window,
      [row("2026-03-01T00:00:00.000Z", { requested: 10, openPending: 4, openFailed: 3, redeemed: 3 })],
      [],
      { unexpiredPending: 1, unexpiredFailed: 2, medianSendToClickSeconds: 42 },
    );
    expect(overview.outcomes).toMatchObject({ redeemed: 3, expiredUnused: 4, stillOpen: 1, deliveryFailed: 2 });
    expect(overview.medianSendToClickSeconds).toBe(42);
  });

  it("lists failure kinds by count, with their words, and counts fetches and rate limits from event kinds", () => {
    const overview = composeOverview(
      window,
      [],
      [
        { at: "2026-03-01T01:00:00.000Z", kind: "code.failed", count: 2 },
        { at: "2026-03-01T13:00:00.000Z", kind: "code.failed", count: 1 },
        { at: "2026-03-01T01:00:00.000Z", kind: "email.failed:permanent", count: 3 },
        { at: "2026-03-01T01:00:00.000Z", kind: "session.created", count: 9 },
        { at: "2026-03-01T01:00:00.000Z", kind: "link.fetched", count: 3 },
        { at: "2026-03-01T02:00:00.000Z", kind: "link.fetched:scanner", count: 1 },
        { at: "2026-03-01T02:00:00.000Z", kind: "attempt.rate_limited", count: 4 },
      ],
      noLive,
    );
    expect(overview.failures).toEqual([
      { type: "code.failed", label: "Wrong code entered", count: 3 },
      { type: "email.failed:permanent", label: "Email refused for good (SMTP 5xx)", count: 3 },
    ]);
    expect(overview.fetches).toEqual({ total: 4, byScanner: 1, scannerShare: 0.25 });
    expect(overview.rateLimited).toBe(4);
    expect(overview.series.find((point) => point.bucket === "2026-03-01T00:00:00.000Z")).toMatchObject({
      rateLimited: 4,
      scannerFetches: 1,
    });
  });

  it("gives no ratios for an empty window", () => {
    const overview = composeOverview(window, [], [], noLive);
    expect(overview.conversion).toBeNull();
    expect(overview.fetches.scannerShare).toBeNull();
    expect(overview.failures).toEqual([]);
  });
});
