import type { RedeemableAttempt } from "./fixtures";

/** What bench/requests/main.ts asks of one load run (bench/requests/load.ts), and what comes back. */
export type Scenario = "floor" | "sign-in-request" | "redeem";

export interface LoadPlan {
  scenario: Scenario;
  runId: string;
  url: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** A fixed number of requests instead of a duration (redemption: one per prepared attempt). */
  amount?: number;
  attempts: RedeemableAttempt[];
}

export interface LoadResult {
  scenario: Scenario;
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statusCounts: Record<string, number>;
  socketErrors: number;
  timeouts: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Socket errors, timeouts and answers outside 2xx/3xx: the "errors" column. */
export function errorCount(result: LoadResult): number {
  const bad = Object.entries(result.statusCounts).filter(([status]) => Number(status) < 200 || Number(status) >= 400);
  return result.socketErrors + result.timeouts + bad.reduce((sum, [, count]) => sum + count, 0);
}
