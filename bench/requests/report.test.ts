import { describe, expect, it } from "vitest";
import type { DeliveryResult } from "./delivery";
import type { LoadResult } from "./plan";
import { goalChecks, pathTable, type PathRow } from "./report";

function load(rps: number, p95: number, p99 = p95, statusCounts: Record<string, number> = { 200: 100 }): LoadResult {
  return {
    scenario: "floor",
    requests: 100,
    seconds: 10,
    rps,
    latencyMs: { p50: p95 / 2, p95, p99, max: p99 },
    statusCounts,
    socketErrors: 0,
    timeouts: 0,
  };
}

function delivery(p95: number): DeliveryResult {
  return {
    expected: 10,
    acceptedAtLoadEnd: 10,
    acceptedAfterDrain: 10,
    drainSeconds: 0,
    requestToAcceptedMs: { p50: p95 / 2, p95, p99: p95, max: p95 },
    outboxBacklogAtLoadEnd: 0,
  };
}

function checks(
  overrides: {
    ourSignIn?: LoadResult;
    ourFloor?: LoadResult;
    stockFloor?: LoadResult;
    smtpP95?: number;
    rss?: [number, number];
    total?: number;
  } = {},
) {
  const ourFloor = overrides.ourFloor ?? load(600, 100);
  const ourSignIn = overrides.ourSignIn ?? load(300, 180);
  const stockFloor = overrides.stockFloor ?? load(620, 95);
  const stockSignIn = load(120, 500);
  const rows: PathRow[] = [
    { label: "floor", app: "ours", limits: "on (PostgreSQL)", result: ourFloor },
    { label: "sign-in", app: "ours", limits: "on (PostgreSQL)", result: ourSignIn },
    { label: "sign-in", app: "ours", limits: "OFF (extra)", result: load(900, 900, 5000, { 200: 10, 500: 3 }) },
  ];
  const result = goalChecks({
    rows,
    stockFloor,
    stockSignIn,
    ourFloor,
    signIn: [{ store: "PostgreSQL", result: ourSignIn }],
    flows: [{ label: "redemption", result: load(200, 150) }],
    deliveries: [{ store: "PostgreSQL", delivery: delivery(overrides.smtpP95 ?? 800) }],
    memory: { rssAfterFirstMb: overrides.rss?.[0] ?? 300, rssAfterSecondMb: overrides.rss?.[1] ?? 310 },
    benchSeconds: overrides.total ?? 300,
  });
  return Object.fromEntries(result.map((check) => [check.goal.replace(/ \(.*\)$/, ""), check.met]));
}

describe("goalChecks", () => {
  it("meets every goal when the figures do (the limits-off extra row is not judged)", () => {
    expect(Object.values(checks()).every(Boolean)).toBe(true);
  });

  it("fails throughput below 2× the stock sign-in, and p95 above 2× the floor", () => {
    const result = checks({ ourSignIn: load(239, 201) });
    expect(result["sign-in throughput ≥ 2× stock Auth.js"]).toBe(false);
    expect(result["sign-in p95 ≤ 2× our floor p95"]).toBe(false);
  });

  it("fails a tail over 2× p95, a 429 and time to SMTP over 2 s", () => {
    const result = checks({ ourSignIn: load(300, 150, 301, { 200: 99, 429: 1 }), smtpP95: 2_001 });
    expect(result["p99 ≤ 2× p95 on every path of ours"]).toBe(false);
    expect(result["no 429s or errors with real address spread"]).toBe(false);
    expect(result["time to SMTP-accepted p95 ≤ 2 s"]).toBe(false);
  });

  it("fails a floor more than 10% slower than the stock floor, memory growth and a slow bench", () => {
    const result = checks({ ourFloor: load(550, 100), stockFloor: load(620, 95), rss: [300, 340], total: 361 });
    expect(result["floor within 10% of the stock floor"]).toBe(false);
    expect(result["memory: RSS after the 2nd consecutive sign-in load within 10% of after the 1st"]).toBe(false);
    expect(result["whole bench under 6 minutes"]).toBe(false);
  });
});

describe("pathTable", () => {
  it("lists 429s apart from other failures and shows both ratios", () => {
    const table = pathTable(
      [{ label: "sign-in", app: "ours", limits: "on (PostgreSQL)", result: load(240, 200, 300, { 200: 90, 429: 7, 503: 3 }) }],
      { stockSignInRps: 120, ourFloorP95: 100 },
    );
    const line = table.split("\n")[2];
    expect(line).toMatch(/\b90\s+7\s+3\b/);
    expect(line).toContain("2.00×");
    expect(line).toMatch(/1\.50\s/);
  });
});
