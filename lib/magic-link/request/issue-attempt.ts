import { db } from "../../db";
import { insertPendingEvents, pendingEventsJson, type AuditEventInput } from "../../audit/record-events";
import { Prisma } from "../../generated/prisma/client";
import { sealOutboxPayload, type OutboxPayload } from "../../mail/outbox";
import { OPEN_STATUSES } from "../attempt-status";

/**
 * The SQL half of a sign-in request, the busiest path of the app. Two statements in all,
 * instead of a transaction of model queries: through Prisma's query compiler each model
 * query cost about a millisecond of CPU, which capped sign-in throughput (npm run bench).
 */

export interface Requester {
  user: { id: string; lockedAt: Date | null } | null;
  /**
   * Ids of the address's attempts still open that this same browser asked for: a new request
   * supersedes only those. Links other browsers asked for stay valid until they expire (they
   * are bound to their own browser anyway), so a stranger's requests cannot kill the owner's.
   */
  openAttemptIds: string[];
  /** This browser has signed in to the account before (a known device, not revoked). */
  recognised: boolean;
}

export async function loadRequester(email: string, bindingHash: string): Promise<Requester> {
  const [row] = await db.$queryRaw<Array<{ userId: string | null; lockedAt: Date | null; openAttemptIds: string[]; recognised: boolean }>>`
    SELECT u.id AS "userId", u."lockedAt",
      ARRAY(SELECT a.id FROM "LoginAttempt" a WHERE a.email = ${email} AND a."bindingHash" = ${bindingHash}
        AND a.status::text = ANY(${OPEN_STATUSES}) ORDER BY a."requestedAt") AS "openAttemptIds",
      EXISTS (SELECT 1 FROM "KnownDevice" d WHERE d."userId" = u.id AND d."deviceHash" = ${bindingHash} AND d."revokedAt" IS NULL) AS recognised
    FROM (SELECT 1) AS one LEFT JOIN "User" u ON u.email = ${email}`;
  return {
    user: row.userId ? { id: row.userId, lockedAt: row.lockedAt } : null,
    openAttemptIds: row.openAttemptIds,
    recognised: row.recognised,
  };
}

export interface IssuedAttempt {
  id: string;
  email: string;
  userId: string | null;
  linkTokenHash: string;
  codeHash: string;
  bindingHash: string;
  callbackPath: string;
  requestIp: string;
  requestNetwork: string;
  requestUserAgent: string | null;
  requestedAt: Date;
  expiresAt: Date;
}

/**
 * One statement, so one atomic change: supersedes `supersede` where they are still open,
 * inserts the attempt, queues its email (as enqueueEmail does) and writes
 * the audit events. An event with `onlyIfSuperseded` is written only if its attempt was in
 * fact superseded here (one redeemed in the meantime is left alone, and says nothing).
 */
export async function insertIssuedAttempt(input: {
  attempt: IssuedAttempt;
  supersede: string[];
  outbox: { id: string; payload: OutboxPayload };
  events: Array<AuditEventInput & { onlyIfSuperseded?: boolean }>;
}): Promise<string[]> {
  const { attempt, outbox } = input;
  const now = attempt.requestedAt;
  // Prisma keeps DateTime columns in UTC; an ISO string cast to timestamp keeps it there.
  const stamp = now.toISOString();
  const conditional = input.events.flatMap((event, ordinal) => (event.onlyIfSuperseded ? [ordinal] : []));
  const events = pendingEventsJson(input.events, now);
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH superseded AS (
      UPDATE "LoginAttempt" SET status = 'SUPERSEDED', "failedAt" = ${stamp}::timestamp(3), "failureReason" = 'superseded'
      WHERE id = ANY(${input.supersede}) AND status::text = ANY(${OPEN_STATUSES})
      RETURNING id
    ), attempt AS (
      INSERT INTO "LoginAttempt" (id, email, "userId", "linkTokenHash", "codeHash", "bindingHash", "callbackPath", "requestIp", "requestNetwork", "requestUserAgent", "requestedAt", "expiresAt")
      SELECT a.id, a.email, a."userId", a."linkTokenHash", a."codeHash", a."bindingHash", a."callbackPath", a."requestIp", a."requestNetwork", a."requestUserAgent", a."requestedAt", a."expiresAt"
      FROM jsonb_to_record(${JSON.stringify(attempt)}::jsonb) AS a(id text, email text, "userId" text, "linkTokenHash" text, "codeHash" text,
        "bindingHash" text, "callbackPath" text, "requestIp" text, "requestNetwork" text, "requestUserAgent" text, "requestedAt" timestamp(3), "expiresAt" timestamp(3))
      RETURNING id
    ), queued AS (
      INSERT INTO "EmailOutbox" (id, kind, "to", "attemptId", payload, "nextTryAt", "createdAt")
      SELECT ${outbox.id}, ${outbox.payload.kind}, ${attempt.email}, attempt.id, ${sealOutboxPayload(outbox.payload)}, ${stamp}::timestamp(3), ${stamp}::timestamp(3)
      FROM attempt
    ), events AS (${insertPendingEvents(
      Prisma.sql`${events}::jsonb`,
      Prisma.sql`NOT (e.ordinal = ANY(${conditional}::int[])) OR e."attemptId" IN (SELECT id FROM superseded)`,
    )}
    )
    SELECT id FROM superseded`;
  return rows.map((row) => row.id);
}
