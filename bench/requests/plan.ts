import type { PreparedAttempt } from "./fixtures";

/** What main.ts asks of one load run (load.ts), and what comes back. */
export type Scenario = "floor" | "sign-in-request" | "redeem-flow" | "code-flow";

export interface LoadPlan {
  scenario: Scenario;
  runId: string;
  url: string;
  /** The first request of a flow; later steps follow the answers' Location headers. */
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** The first client-address index of this run (spread.ts): runs never share addresses. */
  addressOffset: number;
  /** Sign-in loads: where load.ts writes each recipient's send time (epoch ms). */
  sendLogFile?: string;
  attempts: PreparedAttempt[];
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  scenario: Scenario;
  /** Completed requests, or completed flows for the flow scenarios. */
  requests: number;
  seconds: number;
  rps: number;
  /** Per request, or per whole flow (first request sent → last answer) for the flow scenarios. */
  latencyMs: Latency;
  /** Flow scenarios: each step on its own. */
  steps?: Array<{ step: string; latencyMs: Latency; requests: number }>;
  /** Flow scenarios: 3xx answers that sent the browser to a failure page (/signin/failed, ?error=). */
  failedRedirects?: number;
  /** Every answer's status, all steps together. */
  statusCounts: Record<string, number>;
  socketErrors: number;
  timeouts: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencyOf(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/** How the answers break down: 429s apart (refused by a limit), other statuses outside 2xx/3xx, socket errors and timeouts. */
export function answerBreakdown(result: LoadResult): { tooMany: number; otherNon2xx3xx: number; socketErrors: number; timeouts: number } {
  let tooMany = 0;
  let otherNon2xx3xx = 0;
  for (const [status, count] of Object.entries(result.statusCounts)) {
    const code = Number(status);
    if (code === 429) tooMany += count;
    else if (code < 200 || code >= 400) otherNon2xx3xx += count;
  }
  return { tooMany, otherNon2xx3xx, socketErrors: result.socketErrors, timeouts: result.timeouts };
}

/** Socket errors, timeouts and answers outside 2xx/3xx (429s included): the "errors" column. */
export function errorCount(result: LoadResult): number {
  const b = answerBreakdown(result);
  return b.tooMany + b.otherNon2xx3xx + b.socketErrors + b.timeouts;
}
