import type { DeliveryResult } from "./delivery";
import { errorCount, type LoadResult } from "./plan";

const GOAL_RATIO = 3;

export interface PathRow {
  label: string;
  result: LoadResult;
  p95RatioToFloor: number;
}

export function pathRows(floor: LoadResult, paths: Array<[string, LoadResult]>): PathRow[] {
  return paths.map(([label, result]) => ({ label, result, p95RatioToFloor: result.latencyMs.p95 / Math.max(floor.latencyMs.p95, 0.001) }));
}

const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0);

export function printTable(rows: PathRow[], delivery: DeliveryResult, peakRss: number | null): void {
  const header = ["path", "requests", "rps", "p50 ms", "p95 ms", "p99 ms", "errors", "statuses", "p95 / floor"];
  const lines = rows.map(({ label, result, p95RatioToFloor }) => [
    label,
    String(result.requests),
    result.rps.toFixed(0),
    ms(result.latencyMs.p50),
    ms(result.latencyMs.p95),
    ms(result.latencyMs.p99),
    String(errorCount(result)),
    Object.entries(result.statusCounts)
      .map(([status, count]) => `${status}×${count}`)
      .join(" "),
    label.startsWith("floor") ? "1.00" : `${p95RatioToFloor.toFixed(2)}${p95RatioToFloor <= GOAL_RATIO ? "" : "  (goal ≤ 3)"}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
  for (const line of lines) console.log(format(line));
  console.log(
    `\nEmail delivery: ${delivery.sent} of ${delivery.queued} messages accepted by SMTP (${delivery.caughtBySmtpCatcher} caught), ` +
      `${delivery.messagesPerSecond.toFixed(1)} messages/s; backlog of ${delivery.backlogAtLoadEnd} at the end of the load drained in ${delivery.drainSeconds.toFixed(1)} s`,
  );
  const quiet = delivery.requestToAcceptedOneAtATimeMs;
  console.log(
    `Request → accepted by SMTP: p50 ${ms(delivery.requestToAcceptedMs.p50)} ms, p95 ${ms(delivery.requestToAcceptedMs.p95)} ms behind the load's backlog` +
      (quiet ? `; one request at a time: p50 ${ms(quiet.p50)} ms, p95 ${ms(quiet.p95)} ms` : ""),
  );
  console.log(`Peak RSS of the server process: ${peakRss ?? "unknown"} MB`);
}

export function goals(rows: PathRow[]) {
  const authRows = rows.filter((row) => !row.label.startsWith("floor"));
  return {
    withinThreeTimesFloorP95: authRows.every((row) => row.p95RatioToFloor <= GOAL_RATIO),
    noErrors: rows.every((row) => errorCount(row.result) === 0),
  };
}
