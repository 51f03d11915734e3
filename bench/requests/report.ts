import type { DeliveryResult } from "./delivery";
import { answerBreakdown, errorCount, type LoadResult } from "./plan";

/** One row of the table: a path of one app under one setting. */
export interface PathRow {
  label: string;
  app: "ours" | "stock";
  /** How limits were set for this row: "on (PostgreSQL)", "on (Redis)", "OFF …", or "none (stock)". */
  limits: string;
  result: LoadResult;
}

export interface RowFigures {
  rpsVsStockSignIn: number;
  p95VsOurFloor: number;
  p99OverP95: number;
}

export function figuresOf(row: PathRow, reference: { stockSignInRps: number; ourFloorP95: number }): RowFigures {
  const { p95, p99 } = row.result.latencyMs;
  return {
    rpsVsStockSignIn: row.result.rps / Math.max(reference.stockSignInRps, 1e-9),
    p95VsOurFloor: p95 / Math.max(reference.ourFloorP95, 1e-9),
    p99OverP95: p99 / Math.max(p95, 1e-9),
  };
}

export interface DeliveryRow {
  label: string;
  delivery: DeliveryResult;
}

export interface MemoryFigures {
  label: string;
  peakRssMb: number | null;
  /** RSS after each consecutive sign-in load (ours: two runs; the growth check compares them). */
  rssAfterSignInRunsMb: Array<number | null>;
}

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : "never");
const times = (value: number) => `${value.toFixed(2)}×`;

function formatTable(header: string[], lines: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column <= 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...lines.map(format)].join("\n");
}

export function pathTable(rows: PathRow[], reference: { stockSignInRps: number; ourFloorP95: number }): string {
  const header = [
    "path",
    "app, limits",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "p99/p95",
    "2xx/3xx",
    "429",
    "other non-2xx",
    "sock err/timeout",
    "÷ stock sign-in req/s",
    "p95 ÷ our floor p95",
  ];
  const lines = rows.map((row) => {
    const { result } = row;
    const figures = figuresOf(row, reference);
    const breakdown = answerBreakdown(result);
    const ok = Object.entries(result.statusCounts)
      .filter(([status]) => Number(status) >= 200 && Number(status) < 400)
      .reduce((sum, [, count]) => sum + count, 0);
    return [
      row.label,
      `${row.app}, ${row.limits}`,
      result.rps.toFixed(0),
      ms(result.latencyMs.p50),
      ms(result.latencyMs.p95),
      ms(result.latencyMs.p99),
      figures.p99OverP95.toFixed(2),
      String(ok),
      String(breakdown.tooMany),
      String(breakdown.otherNon2xx3xx),
      `${breakdown.socketErrors}/${breakdown.timeouts}`,
      times(figures.rpsVsStockSignIn),
      times(figures.p95VsOurFloor),
    ];
  });
  return formatTable(header, lines);
}

export function deliveryTable(rows: DeliveryRow[]): string {
  const header = [
    "sign-in load",
    "",
    "expected",
    "accepted at load end",
    "after drain",
    "drain s",
    "outbox PENDING at load end",
    "p50 ms",
    "p95 ms",
    "max ms",
  ];
  const lines = rows.map(({ label, delivery }) => [
    label,
    "",
    String(delivery.expected),
    String(delivery.acceptedAtLoadEnd),
    String(delivery.acceptedAfterDrain),
    delivery.drainSeconds.toFixed(1),
    delivery.outboxBacklogAtLoadEnd === null ? "— (sent in-request)" : String(delivery.outboxBacklogAtLoadEnd),
    ms(delivery.requestToAcceptedMs.p50),
    ms(delivery.requestToAcceptedMs.p95),
    ms(delivery.requestToAcceptedMs.max),
  ]);
  return formatTable(header, lines);
}

export function memoryTable(rows: MemoryFigures[]): string {
  const header = ["process", "", "peak RSS MB", "RSS after sign-in run 1, 2… MB"];
  return formatTable(
    header,
    rows.map((row) => [row.label, "", String(row.peakRssMb ?? "?"), row.rssAfterSignInRunsMb.map((value) => value ?? "?").join(", ")]),
  );
}

/** Every check the issue sets, computed from this run's figures; nothing is assumed. */
export function goalChecks(input: {
  rows: PathRow[];
  stockFloor: LoadResult;
  stockSignIn: LoadResult;
  ourFloor: LoadResult;
  /** Our limits-on sign-in rows, by store (the first run of each). */
  signIn: Array<{ store: string; result: LoadResult }>;
  flows: Array<{ label: string; result: LoadResult }>;
  deliveries: Array<{ store: string; delivery: DeliveryResult }>;
  memory: { rssAfterFirstMb: number | null; rssAfterSecondMb: number | null };
  /** The run without building (builds are cached). */
  benchSeconds: number;
}): GoalCheck[] {
  const checks: GoalCheck[] = [];
  const floorP95 = input.ourFloor.latencyMs.p95;
  for (const { store, result } of input.signIn) {
    const ratio = result.rps / Math.max(input.stockSignIn.rps, 1e-9);
    checks.push({
      goal: `sign-in throughput ≥ 2× stock Auth.js (${store})`,
      measured: `${result.rps.toFixed(0)} vs ${input.stockSignIn.rps.toFixed(0)} req/s = ${times(ratio)}`,
      met: ratio >= 2,
    });
    const p95Ratio = result.latencyMs.p95 / Math.max(floorP95, 1e-9);
    checks.push({
      goal: `sign-in p95 ≤ 2× our floor p95 (${store})`,
      measured: `${ms(result.latencyMs.p95)} vs ${ms(floorP95)} ms = ${times(p95Ratio)}`,
      met: p95Ratio <= 2,
    });
  }
  for (const { label, result } of input.flows) {
    const p95Ratio = result.latencyMs.p95 / Math.max(floorP95, 1e-9);
    checks.push({
      goal: `${label} p95 ≤ 2× our floor p95`,
      measured: `${ms(result.latencyMs.p95)} vs ${ms(floorP95)} ms = ${times(p95Ratio)}`,
      met: p95Ratio <= 2,
    });
  }
  for (const { store, delivery } of input.deliveries) {
    const p95 = delivery.requestToAcceptedMs.p95;
    checks.push({ goal: `time to SMTP-accepted p95 ≤ 2 s (${store})`, measured: `${ms(p95)} ms`, met: p95 <= 2_000 });
  }
  const floorRatio = input.ourFloor.rps / Math.max(input.stockFloor.rps, 1e-9);
  checks.push({
    goal: "floor within 10% of the stock floor (req/s ≥ 90%)",
    measured: `${input.ourFloor.rps.toFixed(0)} vs ${input.stockFloor.rps.toFixed(0)} req/s = ${(floorRatio * 100).toFixed(0)}%`,
    met: floorRatio >= 0.9,
  });
  const ours = input.rows.filter((row) => row.app === "ours" && !row.limits.startsWith("OFF"));
  const tails = ours.filter((row) => row.result.latencyMs.p99 > 2 * row.result.latencyMs.p95);
  checks.push({
    goal: "p99 ≤ 2× p95 on every path of ours (limits on)",
    measured: tails.length
      ? `over on: ${tails.map((row) => `${row.label} (${row.limits}) ${times(row.result.latencyMs.p99 / Math.max(row.result.latencyMs.p95, 1e-9))}`).join("; ")}`
      : "all within",
    met: tails.length === 0,
  });
  const failing = ours.filter((row) => errorCount(row.result) > 0);
  checks.push({
    goal: "no 429s or errors with real address spread (ours, limits on)",
    measured: failing.length
      ? failing.map((row) => `${row.label} (${row.limits}): ${JSON.stringify(answerBreakdown(row.result))}`).join("; ")
      : "none",
    met: failing.length === 0,
  });
  const { rssAfterFirstMb: first, rssAfterSecondMb: second } = input.memory;
  checks.push({
    goal: "memory: RSS after the 2nd consecutive sign-in load within 10% of after the 1st",
    measured: `${first ?? "?"} → ${second ?? "?"} MB`,
    met: first !== null && second !== null && second <= first * 1.1,
  });
  checks.push({
    goal: "whole bench under 6 minutes (builds cached)",
    measured: `${input.benchSeconds.toFixed(0)} s`,
    met: input.benchSeconds < 360,
  });
  return checks;
}

export function goalLines(checks: GoalCheck[]): string {
  return checks.map((check) => `  ${check.met ? "met    " : "NOT met"}  ${check.goal}: ${check.measured}`).join("\n");
}
