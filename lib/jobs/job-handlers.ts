import { db } from "../db";
import { readEnv } from "../env";
import { logEvent } from "../log";
import { checkpointDue } from "../audit/checkpoint-schedule";
import { emitCheckpoint } from "../audit/emit-checkpoint";
import { configuredWebhookSink } from "../audit-stream/webhook-sink";
import { deliverAuditBatch } from "../audit-stream/deliver-audit-webhook";
import { deliverDueEmails } from "../mail/deliver-outbox";
import { runRetention } from "../privacy/run-retention";
import { completeDueFactorResets } from "../account/complete-factor-reset";
import { assessAttemptRisk } from "../risk/assess-attempt-risk";
import type { JobQueueName } from "./job-queues";

/**
 * What each job does. Every handler is safe to run twice (a job whose instance died is retried
 * from the start): scoring follows the facts, mail rows are leased one by one, the webhook
 * cursor is leased, a checkpoint is signed only when one is due, retention is idempotent.
 * A handler that throws has its job retried later.
 */
export const JOB_HANDLERS: Record<JobQueueName, (data: Record<string, unknown> | null) => Promise<void>> = {
  "score-attempt": async (data) => {
    const attemptId = typeof data?.attemptId === "string" ? data.attemptId : null;
    if (attemptId) await assessAttemptRisk(attemptId);
  },
  "deliver-outbox": async () => {
    // Full batches: keep going, so a burst of mail drains in one job; two batches in flight,
    // so that one is claimed and rendered while the other's messages wait on SMTP answers.
    const lane = async () => {
      for (;;) {
        const { sent, failed } = await deliverDueEmails();
        if (sent + failed === 0) return;
      }
    };
    await Promise.all([lane(), lane()]);
  },
  "push-audit-webhook": async () => {
    const sink = configuredWebhookSink();
    if (!sink) return;
    for (;;) {
      const outcome = await deliverAuditBatch(sink);
      if (outcome.kind === "failed")
        logEvent("warn", "audit_webhook.failed", { error: outcome.error, nextTryAt: outcome.nextTryAt.toISOString() });
      if (outcome.kind !== "delivered" || !outcome.hasMore) return;
    }
  },
  "sign-checkpoint": async () => {
    const newest = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { createdAt: true } });
    if (checkpointDue(newest?.createdAt ?? null, new Date(), readEnv().AUDIT_CHECKPOINT_MINUTES)) await emitCheckpoint();
  },
  // runRetention logs and audits what it erased.
  "apply-retention": async () => {
    await runRetention();
  },
  // Each reset is claimed by a conditional update: a second run, or a racing cancel, finds nothing to do.
  "complete-factor-resets": async () => {
    await completeDueFactorResets();
  },
};
