import "server-only";
import { db } from "../db";
import { WEBHOOK_SINK_NAME, configuredWebhookSink } from "./webhook-sink";

export interface WebhookStatus {
  /** The receiver's host only: the URL may carry a path or query the console need not show. */
  host: string;
  deliveredUpTo: bigint;
  headSeq: bigint;
  /** Seqs not yet delivered (head − cursor): an upper bound on the events waiting, as seqs may have gaps. */
  lag: bigint;
  failures: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  nextTryAt: Date | null;
}

/** The webhook sink's progress for /admin/audit, or null when no sink is configured. */
export async function auditWebhookStatus(): Promise<WebhookStatus | null> {
  const sink = configuredWebhookSink();
  if (!sink) return null;
  const [cursor, head] = await Promise.all([
    db.auditStreamCursor.findUnique({ where: { sink: WEBHOOK_SINK_NAME } }),
    db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const deliveredUpTo = cursor?.lastSeq ?? 0n;
  const headSeq = head?.seq ?? 0n;
  return {
    host: new URL(sink.url).host,
    deliveredUpTo,
    headSeq,
    lag: headSeq > deliveredUpTo ? headSeq - deliveredUpTo : 0n,
    failures: cursor?.failures ?? 0,
    lastError: cursor?.lastError ?? null,
    lastAttemptAt: cursor?.lastAttemptAt ?? null,
    lastSuccessAt: cursor?.lastSuccessAt ?? null,
    nextTryAt: cursor && cursor.failures > 0 ? cursor.nextTryAt : null,
  };
}
