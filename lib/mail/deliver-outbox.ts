import { db } from "../db";
import { readEnv } from "../env";
import { insertPendingEvents, pendingEventsJson } from "../audit/record-events";
import { Prisma } from "../generated/prisma/client";
import { decrypt } from "../security/secrets";
import type { OutboxPayload } from "./outbox";
import { renderMagicLinkEmail, renderNotice, type RenderedEmail } from "./render-email";
import { decideSend, type LinkedAttempt } from "./decide-send";
import { sendFailureFacts } from "./decide-retry";
import { recordSendFailure } from "./record-send-failure";
import { skipUnsendable } from "./skip-unsendable";
import { activeSuppression } from "./suppression";
import { mailTransport, resetMailTransport } from "./transport";

const BATCH = 20;
const CLAIM_SECONDS = 60;

export interface ClaimedRow {
  id: string;
  to: string;
  kind: string;
  attemptId: string | null;
  payload: string | null;
  tries: number;
  /** The expiry of the link the message carries, when it carries one: retries stop before it. */
  linkExpiresAt: Date | null;
}

export type DeliveryOutcome = "sent" | "failed" | "taken-over" | "skipped";

/**
 * Sends what is due. Rows are claimed with SKIP LOCKED and a lease, so several app
 * instances can run this at once, and a row claimed by an instance that crashed becomes due
 * again when its lease runs out.
 */
export async function deliverDueEmails(now: Date = new Date()): Promise<{ sent: number; failed: number }> {
  const outcomes = await deliverClaimed(await claimDueEmails(now));
  return {
    sent: outcomes.filter((outcome) => outcome === "sent").length,
    failed: outcomes.filter((outcome) => outcome === "failed").length,
  };
}

export interface Claim {
  rows: ClaimedRow[];
  /** The lease's end, which also tells this claim apart from a later one. */
  lease: Date;
}

export async function claimDueEmails(now: Date = new Date()): Promise<Claim> {
  const lease = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" o SET "lockedUntil" = ${lease}
    WHERE o.id IN (
      SELECT id FROM "EmailOutbox"
      WHERE status = 'PENDING' AND "nextTryAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      ORDER BY "nextTryAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o."to", o.kind, o."attemptId", o.payload, o.tries,
      (SELECT a."expiresAt" FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS "linkExpiresAt"`;
  return { rows, lease };
}

export async function deliverClaimed(claim: Claim): Promise<DeliveryOutcome[]> {
  return Promise.all(claim.rows.map((row) => deliverOne(row, claim.lease)));
}

/**
 * Renews the row's lease just before sending (after rendering), only if it is still this
 * claim's: a batch that outlasted its lease on an overloaded process must not send what
 * another worker has claimed since, or the message would go out twice. The same statement
 * reads the linked attempt as it is now, for decideSend.
 */
async function renewLease(row: ClaimedRow, lease: Date): Promise<{ lease: Date; attempt: LinkedAttempt | null } | null> {
  const renewed = new Date(Date.now() + CLAIM_SECONDS * 1000);
  const [current] = await db.$queryRaw<Array<{ attemptId: string | null; status: string | null; expiresAt: Date | null }>>`
    UPDATE "EmailOutbox" o SET "lockedUntil" = ${renewed}
    WHERE o.id = ${row.id} AND o.status = 'PENDING' AND o."lockedUntil" = ${lease}
    RETURNING o."attemptId",
      (SELECT a.status::text FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS status,
      (SELECT a."expiresAt" FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS "expiresAt"`;
  if (!current) return null;
  return { lease: renewed, attempt: current.attemptId ? { status: current.status, expiresAt: current.expiresAt } : null };
}

async function deliverOne(row: ClaimedRow, lease: Date): Promise<DeliveryOutcome> {
  // A hard bounce or complaint stopped mail to this address (delivery feedback, lib/mail/feedback).
  const suppression = await activeSuppression(row.to);
  let rendered: RenderedEmail | null = null;
  if (!suppression) {
    try {
      rendered = await renderRow(row);
    } catch (error) {
      await recordSendFailure(row, { unrenderable: true }, errorMessage(error));
      return "failed";
    }
  }
  // Rendering is what lags on an overloaded process: send only what is still this claim's.
  const current = await renewLease(row, lease);
  if (!current) return "taken-over";
  // Under the renewed lease, right before sending: is the link still worth mailing?
  const decision = decideSend({ attempt: current.attempt, suppression, now: new Date() });
  if (!decision.send || !rendered) {
    const reason = decision.send ? "address-suppressed" : decision.reason;
    return (await skipUnsendable(row, current.lease, { reason, suppression })) ? "skipped" : "taken-over";
  }
  let sent: { messageId: string; response: string };
  try {
    const info = await mailTransport().sendMail({
      from: readEnv().EMAIL_FROM,
      to: row.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
    });
    if (info.rejected.length > 0) {
      const refusal = info.rejectedErrors?.[0];
      const facts = { code: "EENVELOPE", responseCode: refusal?.responseCode };
      await recordSendFailure(row, facts, `recipient refused: ${String(refusal?.response ?? info.response ?? "")}`);
      return "failed";
    }
    sent = { messageId: info.messageId, response: String(info.response ?? "") };
  } catch (error) {
    const facts = sendFailureFacts(error);
    // A refused recipient or message leaves the connection healthy (and shared with the rest of
    // the batch); anything else may be a broken connection: drop the pool so the next try reconnects.
    if (facts.code !== "EENVELOPE" && facts.code !== "EMESSAGE") resetMailTransport();
    await recordSendFailure(row, facts, errorMessage(error));
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

/**
 * One statement, so one atomic change and one round trip (a transaction of model queries cost
 * six, and about a millisecond of CPU each through Prisma): the row is marked sent and its
 * secret wiped, the attempt learns its email went out (a DELIVERY_FAILED one is open again),
 * and the event is written, to be chained as it commits.
 */
async function markSent(row: ClaimedRow, messageId: string, response: string) {
  const now = new Date();
  const stamp = now.toISOString();
  const events = pendingEventsJson(
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
  await db.$executeRaw`
    WITH sent AS (
      UPDATE "EmailOutbox" SET status = 'SENT', "sentAt" = ${stamp}::timestamp(3), payload = NULL, "messageId" = ${messageId},
        "lockedUntil" = NULL, tries = ${row.tries + 1}
      WHERE id = ${row.id}
      RETURNING id
    ), attempt AS (
      UPDATE "LoginAttempt" SET "deliveryStatus" = 'SENT', "deliveryProblem" = NULL, "sentAt" = ${stamp}::timestamp(3),
        "smtpMessageId" = ${messageId}, "smtpResponse" = ${response.slice(0, 200)},
        status = CASE WHEN status = 'DELIVERY_FAILED' THEN 'PENDING'::"AttemptStatus" ELSE status END
      WHERE id = ${row.attemptId}
      RETURNING id
    )
    ${insertPendingEvents(Prisma.sql`${events}::jsonb`)}`;
}
