import { describe, expect, it } from "vitest";
import { collapseRepeats, isMilestone, summariseAttempt } from "./timeline-glance";

const at = new Date("2026-11-29T10:00:00Z");
const entry = (seq: number, type: string, text: string) => ({ seq: String(seq), type, at, text, tone: "neutral" as const });

describe("isMilestone", () => {
  it("marks the steps of a sign-in, not the details", () => {
    expect(["attempt.requested", "email.sent", "link.opened", "attempt.redeemed", "session.created"].every(isMilestone)).toBe(true);
    expect(["risk.assessed", "link.fetched", "link.issued", "admin.action"].some(isMilestone)).toBe(false);
  });
});

describe("collapseRepeats", () => {
  it("folds consecutive events that read the same into one row with a count", () => {
    const rows = collapseRepeats([
      entry(1, "attempt.requested", "requested"),
      entry(2, "link.fetched", "fetched by a scanner, Safe Links"),
      entry(3, "link.fetched", "fetched by a scanner, Safe Links"),
      entry(4, "link.fetched", "fetched by a scanner, Safe Links"),
      entry(5, "link.opened", "opened"),
      entry(6, "link.fetched", "fetched by a scanner, Safe Links"),
    ]);
    expect(rows.map((row) => [row.type, row.count, row.seq, row.lastSeq])).toEqual([
      ["attempt.requested", 1, "1", "1"],
      ["link.fetched", 3, "2", "4"],
      ["link.opened", 1, "5", "5"],
      ["link.fetched", 1, "6", "6"],
    ]);
  });

  it("keeps events of one type apart when they read differently", () => {
    expect(
      collapseRepeats([entry(1, "code.failed", "wrong code (1 so far)"), entry(2, "code.failed", "wrong code (2 so far)")]),
    ).toHaveLength(2);
  });
});

describe("summariseAttempt", () => {
  it("says how long the sign-in took, how, and what scanners did", () => {
    expect(
      summariseAttempt({
        requestedAt: at,
        sessionAt: new Date(at.getTime() + 83_000),
        via: "same-browser",
        status: "REDEEMED",
        scannerFetches: 2,
      }),
    ).toBe("Signed in 1 min 23 s after the request, same browser; 2 scanner fetches");
  });

  it("says when nobody signed in", () => {
    expect(summariseAttempt({ requestedAt: at, sessionAt: null, via: null, status: "DELIVERY_FAILED", scannerFetches: 1 })).toBe(
      "No sign-in (delivery failed); 1 scanner fetch",
    );
  });
});
