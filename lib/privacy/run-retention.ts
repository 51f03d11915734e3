import { db as defaultDb, type Db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { logEvent } from "../log";
import { FEEDBACK_MAX_AGE_DAYS } from "../mail/feedback/feedback-notice";
import { eraseAuditPersonalData } from "./erase-audit-personal-data";
import { ERASED_ADDRESS } from "./erased-address";

const AUDIT_BATCH = 5_000;

export interface RetentionResult {
  cutoff: Date;
  auditEvents: number;
  attempts: number;
  addresses: number;
  outboxMessages: number;
  sessions: number;
  alerts: number;
  deliveryFeedback: number;
  suppressions: number;
}

/** The moment before which personal data is no longer kept. */
export function retentionCutoff(now: Date, days: number = readEnv().RETENTION_PERSONAL_DATA_DAYS): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Erases personal data older than RETENTION_PERSONAL_DATA_DAYS: the IP address and user agent
 * of audit events (the chain still verifies: see personal-digest.ts), those of sign-in attempts
 * and their SMTP replies, the typed address of attempts by people without an account, sent or
 * dead outbox messages, long-expired sessions, acknowledged alerts (they name IPs and
 * addresses), delivery-feedback receipts and expired suppressions. Each step is recorded in the
 * audit trail. Idempotent, safe to run from several instances; a scheduler calls it (the job
 * queue, or cron through `npm run retention:run`): it keeps no timer itself.
 */
export async function runRetention(
  now: Date = new Date(),
  db: Db = defaultDb,
  options: { auditBatch?: number } = {},
): Promise<RetentionResult> {
  const cutoff = retentionCutoff(now);
  // Receipts hold no address; they must outlive the age at which notices are refused, or a replay would count.
  const feedbackCutoff = new Date(Math.min(cutoff.getTime(), now.getTime() - (FEEDBACK_MAX_AGE_DAYS + 1) * 86_400_000));
  const batch = options.auditBatch ?? AUDIT_BATCH;
  let auditEvents = 0;
  // In batches, each its own transaction with its own event: a first run over years of history stays short.
  for (;;) {
    const erased = await db.$transaction((tx) =>
      eraseAuditPersonalData(
        tx,
        { before: cutoff },
        { type: "data.retention_erased", details: { before: cutoff.toISOString(), scope: "audit events" } },
        batch,
        now,
      ),
    );
    auditEvents += erased;
    if (erased < batch) break;
  }
  const rest = await db.$transaction(async (tx) => {
    const attempts = await tx.loginAttempt.updateMany({
      where: {
        requestedAt: { lt: cutoff },
        OR: [
          { requestIp: { not: null } },
          { requestUserAgent: { not: null } },
          { approverIp: { not: null } },
          { redeemIp: { not: null } },
          { smtpResponse: { not: null } },
        ],
      },
      data: {
        requestIp: null,
        requestUserAgent: null,
        approverIp: null,
        approverUserAgent: null,
        redeemIp: null,
        redeemUserAgent: null,
        smtpResponse: null,
      },
    });
    const addresses = await tx.loginAttempt.updateMany({
      where: { requestedAt: { lt: cutoff }, userId: null, email: { not: ERASED_ADDRESS } },
      data: { email: ERASED_ADDRESS },
    });
    const outboxMessages = await tx.emailOutbox.deleteMany({ where: { createdAt: { lt: cutoff }, status: { not: "PENDING" } } });
    const sessions = await tx.session.deleteMany({ where: { expires: { lt: cutoff } } });
    const alerts = await tx.alert.deleteMany({ where: { createdAt: { lt: cutoff }, acknowledgedAt: { not: null } } });
    const deliveryFeedback = await tx.deliveryFeedback.deleteMany({ where: { receivedAt: { lt: feedbackCutoff } } });
    const suppressions = await tx.emailSuppression.deleteMany({ where: { OR: [{ until: { lt: cutoff } }, { liftedAt: { lt: cutoff } }] } });
    // Past their link's expiry, never while the "this wasn't me" link still works.
    const signInNotices = await tx.signInNotice.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    // Settled ones only: a pending reset keeps its row until it completes or is cancelled.
    const factorResets = await tx.factorReset.deleteMany({
      where: { requestedAt: { lt: cutoff }, OR: [{ cancelledAt: { not: null } }, { completedAt: { not: null } }] },
    });
    const counts = {
      attempts: attempts.count,
      addresses: addresses.count,
      outboxMessages: outboxMessages.count,
      sessions: sessions.count,
      alerts: alerts.count,
      deliveryFeedback: deliveryFeedback.count,
      suppressions: suppressions.count,
      signInNotices: signInNotices.count,
      factorResets: factorResets.count,
    };
    if (Object.values(counts).some((count) => count > 0)) {
      await recordEvents(
        tx,
        [{ type: "data.retention_erased", outcome: "success", details: { before: cutoff.toISOString(), scope: "records", ...counts } }],
        now,
      );
    }
    return counts;
  });
  const result = { cutoff, auditEvents, ...rest };
  logEvent("info", "retention.run", { ...result, cutoff: cutoff.toISOString() });
  return result;
}
