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
import { suppressionKey, type ActiveSuppression, type SuppressionReason } from "./suppression";
import { outboxDb } from "./outbox-db";
import { mailTransport, resetMailTransport } from "./transport";

const BATCH = 50;
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
  const rows = await outboxDb().$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" o SET "lockedUntil" = ${lease}
    WHERE o.id IN (
      SELECT id FROM "EmailOutbox"
      WHERE status = 'PENDING' AND "nextTryAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      ORDER BY "nextTryAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o."to", o.kind, o."attemptId", o.payload, o.tries,
      (SELECT a."expiresAt" FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS "linkExpiresAt"`;
  return { rows, lease };
}

/**
 * Renders the batch, renews its leases and reads what decides each send in one statement, then
 * sends every message still this claim's side by side (the SMTP transport pools connections).
 */
export async function deliverClaimed(claim: Claim): Promise<DeliveryOutcome[]> {
  if (claim.rows.length === 0) return [];
  const rendered = await Promise.all(claim.rows.map(renderRow));
  const current = await renewLeases(claim.rows, claim.lease);
  return Promise.all(
    claim.rows.map(async (row, index) => {
      const facts = current.get(row.id);
      return facts ? deliverOne(row, rendered[index], facts) : "taken-over";
    }),
  );
}

interface SendFacts {
  lease: Date;
  attempt: LinkedAttempt | null;
  suppression: ActiveSuppression | null;
}

/**
 * Renews the leases of the rows still this claim's, just before sending (after rendering): a
 * batch that outlasted its lease on an overloaded process must not send what another worker
 * has claimed since, or the message would go out twice. The same statement reads, as they are
 * now, each linked attempt and whether mail to the address is stopped, for decideSend.
 */
async function renewLeases(rows: ClaimedRow[], lease: Date, now: Date = new Date()): Promise<Map<string, SendFacts>> {
  const renewed = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const ids = rows.map((row) => row.id);
  const keys = rows.map((row) => suppressionKey(row.to));
  const current = await outboxDb().$queryRaw<
    Array<{
      id: string;
      attemptId: string | null;
      status: string | null;
      expiresAt: Date | null;
      suppressedFor: SuppressionReason | null;
      suppressedUntil: Date | null;
    }>
  >`
    UPDATE "EmailOutbox" o SET "lockedUntil" = ${renewed}
    FROM unnest(${ids}::text[], ${keys}::text[]) AS k(id, key)
      LEFT JOIN LATERAL (
        SELECT reason, until FROM "EmailSuppression" WHERE email = k.key AND "liftedAt" IS NULL AND until > ${now}
      ) s ON true
    WHERE o.id = k.id AND o.status = 'PENDING' AND o."lockedUntil" = ${lease}
    RETURNING o.id, o."attemptId",
      (SELECT a.status::text FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS status,
      (SELECT a."expiresAt" FROM "LoginAttempt" a WHERE a.id = o."attemptId") AS "expiresAt",
      s.reason AS "suppressedFor", s.until AS "suppressedUntil"`;
  return new Map(
    current.map((row) => [
      row.id,
      {
        lease: renewed,
        attempt: row.attemptId ? { status: row.status, expiresAt: row.expiresAt } : null,
        suppression: row.suppressedFor && row.suppressedUntil ? { reason: row.suppressedFor, until: row.suppressedUntil } : null,
      },
    ]),
  );
}

async function deliverOne(row: ClaimedRow, rendered: RenderedEmail | Error, current: SendFacts): Promise<DeliveryOutcome> {
  // A suppression (a hard bounce or complaint, lib/mail/feedback) explains an unsent message
  // better than a message that could not be made.
  const { suppression } = current;
  if (!suppression && rendered instanceof Error) {
    await recordSendFailure(row, { unrenderable: true }, rendered.message);
    return "failed";
  }
  // Right before sending: is the link still worth mailing?
  const decision = decideSend({ attempt: current.attempt, suppression, now: new Date() });
  if (!decision.send || rendered instanceof Error) {
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

/** The message, or why it cannot be made (a row without payload, one that no longer decrypts). */
async function renderRow(row: ClaimedRow): Promise<RenderedEmail | Error> {
  try {
    if (!row.payload) throw new Error("outbox row has no payload");
    const payload = JSON.parse(decrypt(row.payload)) as OutboxPayload;
    return await (payload.kind === "magic-link"
      ? renderMagicLinkEmail({ appName: readEnv().APP_NAME, ...payload, expiresAt: new Date(payload.expiresAt) })
      : renderNotice(payload));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
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
  await outboxDb().$executeRaw`
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
