import { db as defaultDb, type Db } from "../db";
import { batchHeaders, streamItemsToNdjson, type StreamCursor, type StreamPage } from "./interleave-stream";
import { readStreamAfter } from "./read-events";
import { signedWebhookHeaders, webhookRetryDelayMs } from "./webhook-signature";

export interface WebhookSink {
  /** The cursor row's key: one per receiver. */
  name: string;
  url: string;
  secret: string;
  batchSize: number;
}

export type BatchOutcome =
  /** Not due (backing off) or another instance holds the lease. */
  | { kind: "not-due" }
  | { kind: "idle" }
  | { kind: "delivered"; count: number; lastSeq: bigint; lastCheckpointId: bigint; hasMore: boolean }
  | { kind: "failed"; error: string; nextTryAt: Date };

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

/**
 * Sends the next batch after the sink's durable cursor (events and the signed checkpoints
 * between them), and moves the cursor only once the receiver answered 2xx: each event and
 * checkpoint at least once, in chain order, with no gaps (a failed batch is sent
 * again, from the same place, after a backoff). The cursor row is claimed with a lease, as the
 * outbox claims its rows, so two instances never send a batch at the same time; the lease
 * (60 s) outlasts the request's timeout (10 s), and a crashed instance's lease runs out.
 */
export async function deliverAuditBatch(sink: WebhookSink, now: Date = new Date(), db: Db = defaultDb): Promise<BatchOutcome> {
  await db.$executeRaw`INSERT INTO "AuditStreamCursor" (sink) VALUES (${sink.name}) ON CONFLICT (sink) DO NOTHING`;
  const lease = new Date(now.getTime() + LEASE_MS);
  const [claimed] = await db.$queryRaw<Array<{ lastSeq: bigint; lastCheckpointId: bigint; failures: number }>>`
    UPDATE "AuditStreamCursor" SET "leaseUntil" = ${lease}
    WHERE sink = ${sink.name} AND "nextTryAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
    RETURNING "lastSeq", "lastCheckpointId", failures`;
  if (!claimed) return { kind: "not-due" };
  const ours = { sink: sink.name, leaseUntil: lease };

  const from: StreamCursor = { lastSeq: BigInt(claimed.lastSeq), lastCheckpointId: BigInt(claimed.lastCheckpointId) };
  const page = await readStreamAfter(db, from, sink.batchSize);
  if (page.items.length === 0) {
    await db.auditStreamCursor.updateMany({ where: ours, data: { leaseUntil: null } });
    return { kind: "idle" };
  }
  const body = streamItemsToNdjson(page.items);
  const error = await post(sink, body, from, page, now);
  if (error === null) {
    // Only if the lease is still ours: had it run out, another instance has moved on since.
    await db.auditStreamCursor.updateMany({
      where: ours,
      data: {
        lastSeq: page.next.lastSeq,
        lastCheckpointId: page.next.lastCheckpointId,
        failures: 0,
        nextTryAt: now,
        lastAttemptAt: now,
        lastSuccessAt: now,
        lastError: null,
        leaseUntil: null,
      },
    });
    return {
      kind: "delivered",
      count: page.items.length,
      lastSeq: page.next.lastSeq,
      lastCheckpointId: page.next.lastCheckpointId,
      hasMore: page.hasMore,
    };
  }
  const failures = claimed.failures + 1;
  const nextTryAt = new Date(now.getTime() + webhookRetryDelayMs(failures));
  await db.auditStreamCursor.updateMany({
    where: ours,
    data: { failures, nextTryAt, lastAttemptAt: now, lastError: error, leaseUntil: null },
  });
  return { kind: "failed", error, nextTryAt };
}

/** null when the receiver took the batch; otherwise what went wrong, in words for the admin console (never the URL, which may hold credentials). */
async function post(sink: WebhookSink, body: string, from: StreamCursor, page: StreamPage, now: Date): Promise<string | null> {
  try {
    const response = await fetch(sink.url, {
      method: "POST",
      body,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "User-Agent": "magic-link-guard-audit-stream/1",
        ...batchHeaders(from, page),
        ...signedWebhookHeaders(sink.secret, body, now),
      },
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? null : `The receiver answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
  } catch (error) {
    return describeFetchError(error);
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `The receiver did not answer within ${TIMEOUT_MS / 1000} s.`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `Could not reach the receiver (${cause.code}).`;
  if (cause?.message?.includes("redirect")) return "The receiver answered with a redirect; set AUDIT_WEBHOOK_URL to its final address.";
  return `Could not reach the receiver (${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}).`;
}
