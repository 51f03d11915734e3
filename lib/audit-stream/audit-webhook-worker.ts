import { readEnv } from "../env";
import { logEvent } from "../log";
import { deliverAuditBatch, type WebhookSink } from "./deliver-audit-webhook";

const POLL_MS = 2_000;
export const WEBHOOK_SINK_NAME = "webhook";
const state = globalThis as unknown as { auditWebhookWorker?: { timer: NodeJS.Timeout; running: boolean } };

/** The configured sink, or null when AUDIT_WEBHOOK_URL is unset. */
export function configuredWebhookSink(): WebhookSink | null {
  const env = readEnv();
  if (!env.AUDIT_WEBHOOK_URL || !env.AUDIT_WEBHOOK_SECRET) return null;
  return { name: WEBHOOK_SINK_NAME, url: env.AUDIT_WEBHOOK_URL, secret: env.AUDIT_WEBHOOK_SECRET, batchSize: env.AUDIT_WEBHOOK_BATCH_SIZE };
}

/**
 * Starts the per-process loop that pushes the audit trail to AUDIT_WEBHOOK_URL (from
 * instrumentation.ts, like the outbox). Every instance runs it; the cursor's lease lets only
 * one send at a time. Safe to call twice; does nothing without a configured sink.
 */
export function startAuditWebhookWorker(): void {
  const sink = configuredWebhookSink();
  if (!sink || state.auditWebhookWorker) return;
  const worker = { timer: setInterval(() => void drain(sink), POLL_MS), running: false };
  state.auditWebhookWorker = worker;
  worker.timer.unref();

  async function drain(target: WebhookSink) {
    if (worker.running) return;
    worker.running = true;
    try {
      // Full batches: keep going; anything else waits for the next poll.
      for (;;) {
        const outcome = await deliverAuditBatch(target);
        if (outcome.kind === "failed") logEvent("warn", "audit_webhook.failed", { error: outcome.error, nextTryAt: outcome.nextTryAt.toISOString() });
        if (outcome.kind !== "delivered" || !outcome.hasMore) break;
      }
    } catch (error) {
      logEvent("error", "audit_webhook.worker_error", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      worker.running = false;
    }
  }
}
