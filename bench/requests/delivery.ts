import type pg from "pg";
import { latencyOf, type Latency } from "./plan";

/** Time from request to "accepted by SMTP", for every request of one sign-in load. */
export interface DeliveryResult {
  /** Messages the load should have produced: queued in the outbox (ours) or answered 2xx (stock, sent in-request). */
  expected: number;
  acceptedAtLoadEnd: number;
  acceptedAfterDrain: number;
  /** How long the bench waited after the load for the rest (capped), in seconds. */
  drainSeconds: number;
  /** Request sent → message accepted. Messages never accepted count as infinitely late (null in JSON). */
  requestToAcceptedMs: Latency;
  /** PENDING outbox rows (all of them) the moment the load stopped; null for the stock app (it has no outbox). */
  outboxBacklogAtLoadEnd: number | null;
}

/**
 * Joins each request's send time with the moment the sink accepted its message (recipients
 * are unique). Pure: the caller collects both sides.
 */
export function timeToAccepted(input: {
  sends: Array<[string, number]>;
  accepted: Map<string, number>;
  expected: number;
  loadEndedAt: number;
}): Pick<DeliveryResult, "expected" | "acceptedAtLoadEnd" | "acceptedAfterDrain" | "requestToAcceptedMs"> {
  const latencies: number[] = [];
  let atLoadEnd = 0;
  for (const [recipient, sentAt] of input.sends) {
    const acceptedAt = input.accepted.get(recipient);
    if (acceptedAt === undefined) continue;
    latencies.push(Math.max(0, acceptedAt - sentAt));
    if (acceptedAt <= input.loadEndedAt) atLoadEnd++;
  }
  const missing = Math.max(0, input.expected - latencies.length);
  return {
    expected: input.expected,
    acceptedAtLoadEnd: atLoadEnd,
    acceptedAfterDrain: latencies.length,
    requestToAcceptedMs: latencyOf([...latencies, ...Array<number>(missing).fill(Number.POSITIVE_INFINITY)]),
  };
}

/** The outbox rows of one run (its recipients share a prefix), and every PENDING row. */
export async function outboxCounts(
  pool: pg.Pool,
  recipientPrefix: string,
): Promise<{ queued: number; pendingOfRun: number; pendingAll: number }> {
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE "to" LIKE $1)::int AS queued,
            count(*) FILTER (WHERE "to" LIKE $1 AND status = 'PENDING')::int AS "pendingOfRun",
            count(*) FILTER (WHERE status = 'PENDING')::int AS "pendingAll"
       FROM "EmailOutbox"`,
    [`${recipientPrefix}%`],
  );
  return rows[0];
}

/** Waits (up to capMs) until the run's outbox rows are no longer PENDING; returns the seconds waited. */
export async function waitForOutbox(pool: pg.Pool, recipientPrefix: string, capMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < capMs) {
    if ((await outboxCounts(pool, recipientPrefix)).pendingOfRun === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return (Date.now() - started) / 1000;
}
