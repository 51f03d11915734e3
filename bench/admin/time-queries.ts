import { parseAttemptFilters } from "../../lib/admin/attempt-filters";
import { listAttempts } from "../../lib/admin/attempts-list";
import { loadAttemptTimeline } from "../../lib/admin/attempt-timeline";
import { listAuditEvents } from "../../lib/admin/audit-log";
import { loadOverview } from "../../lib/admin/overview";
import { attemptId } from "./generate-data";

export interface Timing {
  query: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  rows: number;
}

async function measure(query: string, runs: number, run: (index: number) => Promise<number>): Promise<Timing> {
  await run(runs); // warm-up: plans cached, pages in memory, as on a running server
  const times: number[] = [];
  let rows = 0;
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    rows = await run(index);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (quantile: number) => Number(times[Math.min(times.length - 1, Math.floor(quantile * times.length))].toFixed(1));
  return { query, runs, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1), rows };
}

/** The admin console's queries, called through the same lib functions the pages use. */
export async function timeAdminQueries(attempts: number, sample: { ip: string }, runs = 20): Promise<Timing[]> {
  const someAttempt = (index: number) => attemptId(1 + ((index * 7_654_321) % attempts));
  const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  const page = (params: Record<string, string>) => async () => (await listAttempts(parseAttemptFilters(params).filters)).rows.length;
  const secondPage = async () => {
    const filters = parseAttemptFilters({ status: "REDEEMED" }).filters;
    const first = await listAttempts(filters);
    return (await listAttempts(filters, { cursor: first.nextCursor })).rows.length;
  };

  return [
    await measure(
      "attempt timeline (attempt, 10 events, devices)",
      runs,
      async (index) => (await loadAttemptTimeline(someAttempt(index)))?.entries.length ?? 0,
    ),
    await measure("attempts page 1, suspicious first, no filter", runs, page({})),
    await measure("attempts: status REDEEMED + risk HIGH", runs, page({ status: "REDEEMED", risk: "HIGH" })),
    await measure(
      "attempts: one email address",
      runs,
      async (index) =>
        (
          await listAttempts(
            parseAttemptFilters({ email: `user${1 + ((index * 97) % Math.max(1, Math.round(attempts / 20)))}@bench.test` }).filters,
          )
        ).rows.length,
    ),
    await measure("attempts: one request IP", runs, page({ ip: sample.ip })),
    await measure("attempts: one day, suspicious first", runs, page({ from: day, to: day })),
    await measure("attempts: status REDEEMED, page 2 (cursor)", runs, secondPage),
    await measure(
      "audit log: type code.failed, newest 100",
      runs,
      async () => (await listAuditEvents({ type: "code.failed" })).events.length,
    ),
    await measure(
      "audit log: one attempt",
      runs,
      async (index) => (await listAuditEvents({ attemptId: someAttempt(index) })).events.length,
    ),
    await measure("overview, last 24 hours", Math.max(5, runs / 4), async () => (await loadOverview("24h")).funnel.requested),
    await measure("overview, last 7 days", Math.max(5, runs / 4), async () => (await loadOverview("7d")).funnel.requested),
    await measure("overview, last 30 days", Math.max(5, runs / 4), async () => (await loadOverview("30d")).funnel.requested),
  ];
}

export function printTimings(timings: Timing[]): void {
  const width = Math.max(...timings.map((t) => t.query.length));
  console.log(`\n${"query".padEnd(width)}  median ms    p95 ms    max ms   rows`);
  console.log(`${"-".repeat(width)}  ---------  --------  --------  -----`);
  for (const t of timings) {
    console.log(
      `${t.query.padEnd(width)}  ${String(t.medianMs).padStart(9)}  ${String(t.p95Ms).padStart(8)}  ${String(t.maxMs).padStart(8)}  ${String(t.rows).padStart(5)}`,
    );
  }
}
