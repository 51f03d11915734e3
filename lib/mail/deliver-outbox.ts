import { db } from "../db";
import { readEnv } from "../env";
import { logEvent } from "../log";
import { recordEvents } from "../audit/record-events";
import { decrypt } from "../security/secrets";
import type { OutboxPayload } from "./outbox";
import { renderMagicLinkEmail, renderNotice, type RenderedEmail } from "./render-email";
import { skipSuppressed } from "./skip-suppressed";
import { activeSuppression } from "./suppression";
import { mailTransport, resetMailTransport } from "./transport";

const BATCH = 20;
const CLAIM_SECONDS = 60;
export const MAX_TRIES = 10;

/** Backoff after the n-th failed try: 2 s, 4 s, 8 s … (EMAIL_RETRY_BASE_SECONDS doubling) capped at 5 minutes. */
export function retryDelayMs(tries: number, baseSeconds = readEnv().EMAIL_RETRY_BASE_SECONDS): number {
  return Math.min(baseSeconds * 1_000 * 2 ** Math.max(0, tries - 1), 5 * 60_000);
}

export interface ClaimedRow {
  id: string;
  to: string;
  kind: string;
  attemptId: string | null;
  payload: string | null;
  tries: number;
}

export type DeliveryOutcome = "sent" | "failed" | "taken-over" | "skipped";

/**
 * Sends what is due. Rows are claimed with SKIP LOCKED and a lease, so several app
 * instances can run this at once, and a row claimed by an instance that crashed becomes due
 * again when its lease runs out.
 */
export async function deliverDueEmails(now: Date = new Date()): Promise<{ sent: number; failed: number }> {
  const outcomes = await deliverClaimed(await claimDueEmails(now));
  return { sent: outcomes.filter((outcome) => outcome === "sent").length, failed: outcomes.filter((outcome) => outcome === "failed").length };
}

export interface Claim {
  rows: ClaimedRow[];
  /** The lease's end, which also tells this claim apart from a later one. */
  lease: Date;
}

export async function claimDueEmails(now: Date = new Date()): Promise<Claim> {
  const lease = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" SET "lockedUntil" = ${lease}
    WHERE id IN (
      SELECT id FROM "EmailOutbox"
      WHERE status = 'PENDING' AND "nextTryAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      ORDER BY "nextTryAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, "to", kind, "attemptId", payload, tries`;
  return { rows, lease };
}

export async function deliverClaimed(claim: Claim): Promise<DeliveryOutcome[]> {
  return Promise.all(claim.rows.map((row) => deliverOne(row, claim.lease)));
}

/**
 * Renews the row's lease just before sending (after rendering), only if it is still this
 * claim's: a batch that outlasted its lease on an overloaded process must not send what
 * another worker has claimed since, or the message would go out twice.
 */
async function renewLease(row: ClaimedRow, lease: Date): Promise<boolean> {
  const renewed = await db.$executeRaw`
    UPDATE "EmailOutbox" SET "lockedUntil" = ${new Date(Date.now() + CLAIM_SECONDS * 1000)}
    WHERE id = ${row.id} AND status = 'PENDING' AND "lockedUntil" = ${lease}`;
  return renewed === 1;
}

async function deliverOne(row: ClaimedRow, lease: Date): Promise<DeliveryOutcome> {
  // A hard bounce or complaint stopped mail to this address (delivery feedback, lib/mail/feedback).
  const suppression = await activeSuppression(row.to);
  if (suppression) return (await skipSuppressed(row, lease, suppression)) ? "skipped" : "taken-over";
  let rendered: RenderedEmail;
  try {
    rendered = await renderRow(row);
  } catch (error) {
    await markFailed(row, errorMessage(error));
    return "failed";
  }
  // Rendering is what lags on an overloaded process: send only what is still this claim's.
  if (!(await renewLease(row, lease))) return "taken-over";
  let sent: { messageId: string; response: string };
  try {
    const info = await mailTransport().sendMail({
      from: readEnv().EMAIL_FROM,
      to: row.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
    });
    if (info.rejected.length > 0) throw new Error(`recipient refused: ${String(info.response ?? "")}`);
    sent = { messageId: info.messageId, response: String(info.response ?? "") };
  } catch (error) {
    resetMailTransport();
    await markFailed(row, errorMessage(error));
    return "failed";
  }
  await recordSent(row, sent);
  return "sent";
}

async function renderRow(row: ClaimedRow): Promise<RenderedEmail> {
  if (!row.payload) throw new Error("outbox row has no payload");
  const payload = JSON.parse(decrypt(row.payload)) as OutboxPayload;
  return payload.kind === "magic-link"
    ? renderMagicLinkEmail({ appName: readEnv().APP_NAME, ...payload, expiresAt: new Date(payload.expiresAt) })
    : renderNotice(payload);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The server accepted the message: failing to record that (a busy pool under load) must not
 * be mistaken for a failed send, which would send it again. Retried briefly; if it still
 * fails, the row's lease runs out and the message may go out twice (at least once, never lost).
 */
async function recordSent(row: ClaimedRow, sent: { messageId: string; response: string }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await markSent(row, sent.messageId, sent.response);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function markSent(row: ClaimedRow, messageId: string, response: string) {
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.emailOutbox.update({
      where: { id: row.id },
      data: { status: "SENT", sentAt: now, payload: null, messageId, lockedUntil: null, tries: row.tries + 1 },
    });
    if (row.attemptId) {
      await tx.loginAttempt.updateMany({
        where: { id: row.attemptId },
        data: { deliveryStatus: "SENT", sentAt: now, smtpMessageId: messageId, smtpResponse: response.slice(0, 200) },
      });
      await tx.loginAttempt.updateMany({ where: { id: row.attemptId, status: "DELIVERY_FAILED" }, data: { status: "PENDING" } });
    }
    await recordEvents(
      tx,
      [
        {
          type: row.kind === "magic-link" ? "email.sent" : "notice.sent",
          attemptId: row.attemptId,
          outcome: "success",
          details: { messageId, smtpResponse: response.slice(0, 120), tries: row.tries + 1, kind: row.kind },
        },
      ],
      now,
    );
  });
}

async function markFailed(row: ClaimedRow, error: string) {
  const now = new Date();
  const tries = row.tries + 1;
  const dead = tries >= MAX_TRIES;
  logEvent("warn", "email.failed", { outboxId: row.id, attemptId: row.attemptId, tries, dead, error: error.slice(0, 200) });
  await db.$transaction(async (tx) => {
    await tx.emailOutbox.update({
      where: { id: row.id },
      data: {
        tries,
        lastError: error.slice(0, 500),
        lockedUntil: null,
        nextTryAt: new Date(now.getTime() + retryDelayMs(tries)),
        ...(dead ? { status: "DEAD", payload: null } : {}),
      },
    });
    if (row.attemptId) {
      await tx.loginAttempt.updateMany({
        where: { id: row.attemptId },
        data: { deliveryStatus: "FAILED", smtpResponse: error.slice(0, 200) },
      });
      await tx.loginAttempt.updateMany({ where: { id: row.attemptId, status: "PENDING" }, data: { status: "DELIVERY_FAILED" } });
    }
    await recordEvents(
      tx,
      [
        {
          type: "email.failed",
          attemptId: row.attemptId,
          outcome: "failure",
          reason: error.slice(0, 200),
          details: { tries, willRetry: !dead, kind: row.kind },
        },
      ],
      now,
    );
  });
}
