import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { auditKeyring } from "./audit-keys";
import type { AuditEventType } from "./event-types";
import { eventMac, keyedEventBody, type KeyedEventContent } from "./event-hash";
import { hasPersonalData, newPersonalSalt, personalDigest } from "./personal-digest";

export interface AuditEventInput {
  type: AuditEventType;
  attemptId?: string | null;
  userId?: string | null;
  sessionHash?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  deviceHash?: string | null;
  outcome?: "success" | "failure" | "info";
  reason?: string | null;
  details?: Record<string, unknown>;
}

const FORBIDDEN_DETAIL_KEYS = /token|code$|^code|secret|password|url|link/i;

/**
 * Writes events inside the caller's transaction, so an event exists exactly when the state
 * change it describes does. They are chained at commit, not here: the rows go to
 * "AuditEventPending", and a deferred trigger (migrations 20261122200000 and 20261129300001)
 * appends them to the hash chain while the transaction commits, under the chain's lock,
 * hashing SHA-256(previous hash + "\n" + the MAC computed here). The MAC is keyed with a
 * secret the database does not hold, so whoever reaches only the database cannot write an
 * event that verify-chain.ts accepts; a random event id, unique in the table, stops the
 * replay of a genuine one.
 *
 * Taking that lock here instead held it across the remaining round trips to a busy Node.js
 * event loop, and every sign-in in the process queued behind it (npm run bench).
 */
export async function recordEvents(tx: Tx | Db, events: AuditEventInput[], now: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(insertPendingEvents(Prisma.sql`${pendingEventsJson(events, now)}::jsonb`));
}

/**
 * The events as a JSON array for insertPendingEvents, for hot paths that write their state
 * change and its events in one statement.
 */
export function pendingEventsJson(events: AuditEventInput[], now: Date): string {
  const key = auditKeyring().current;
  const rows = events.map((event, ordinal) => {
    const { content, personal } = toContent(event, now, key.id);
    const mac = eventMac(key.eventMacKey, keyedEventBody(content));
    return { ...content, ...personal, ordinal, mac, createdAt: content.createdAt.toISOString() };
  });
  return JSON.stringify(rows);
}

/**
 * An INSERT of pendingEventsJson's rows into "AuditEventPending", as a statement or inside a
 * data-modifying WITH clause. `where` may filter the rows (alias `e`, with `e.ordinal` their
 * position). Ordered, so that the trigger appends a transaction's events in the order given.
 */
export function insertPendingEvents(jsonArray: Prisma.Sql, where: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEventPending" ("eventId", "keyId", mac, "createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash",
      outcome, reason, details, "personalDigest", "personalSalt")
    SELECT e."eventId", e."keyId", e.mac, e."createdAt", e.type, e."attemptId", e."userId", e."sessionHash", e.ip, e."userAgent", e."deviceHash",
      e.outcome, e.reason, e.details, e."personalDigest", e."personalSalt"
    FROM jsonb_to_recordset(${jsonArray}) AS e(ordinal int, "eventId" text, "keyId" text, mac text, "createdAt" timestamp(3), type text,
      "attemptId" text, "userId" text, "sessionHash" text, ip text, "userAgent" text, "deviceHash" text, outcome text, reason text, details jsonb,
      "personalDigest" text, "personalSalt" text)
    WHERE (${where})
    ORDER BY e.ordinal`;
}

function toContent(event: AuditEventInput, now: Date, keyId: string) {
  const fields = { ip: truncate(event.ip, 64), userAgent: truncate(event.userAgent, 512) };
  const personalSalt = hasPersonalData(fields) ? newPersonalSalt() : null;
  const content: KeyedEventContent = {
    // randomUUID draws from a buffered CSPRNG pool: a tenth of randomBytes' cost per call, on the hot path.
    eventId: randomUUID(),
    keyId,
    createdAt: now,
    type: event.type,
    attemptId: event.attemptId ?? null,
    userId: event.userId ?? null,
    sessionHash: event.sessionHash ?? null,
    deviceHash: event.deviceHash ?? null,
    outcome: event.outcome ?? null,
    reason: truncate(event.reason, 200),
    details: safeDetails(event.details ?? {}),
    personalDigest: personalSalt ? personalDigest(personalSalt, fields) : null,
  };
  return { content, personal: { ...fields, personalSalt } };
}

function truncate(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  // Well-formed, so the text hashed here is the text stored (a lone surrogate would be stored as U+FFFD).
  const text = value.toWellFormed();
  return text.length > max ? `${text.slice(0, max - 1).toWellFormed()}…` : text;
}

/** Secrets never enter the trail: keys that could hold one are refused loudly in development. */
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (FORBIDDEN_DETAIL_KEYS.test(key)) throw new Error(`Audit details may not carry "${key}"`);
    safe[key] = typeof value === "string" ? truncate(value, 300) : value;
  }
  // Hash exactly what PostgreSQL will store: JSON (a Date becomes its ISO string, undefined disappears), well-formed text.
  return JSON.parse(JSON.stringify(safe), (_key, value: unknown) => (typeof value === "string" ? value.toWellFormed() : value));
}
