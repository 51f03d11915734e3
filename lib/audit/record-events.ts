import type { Db, Tx } from "../db";
import type { AuditEventType } from "./event-types";
import { eventHashBody, GENESIS_HASH, type HashedEventContent } from "./event-hash";

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

// Any advisory-lock key works as long as every writer uses the same one.
const AUDIT_CHAIN_LOCK = 724_311_001;
const FORBIDDEN_DETAIL_KEYS = /token|code$|^code|secret|password|url|link/i;

/**
 * Appends events to the hash chain inside the caller's transaction, so an event exists
 * exactly when the state change it describes does. The advisory lock orders writers and is
 * held until the transaction ends; call this last in a transaction to hold it briefly.
 *
 * Under the lock a single statement reads the chain's head, hashes the new events in order
 * and inserts them: SHA-256 in PostgreSQL over the canonical text computed here (the same
 * computeEventHash covers, which verify-chain.ts recomputes). Reading the head and inserting
 * in separate round trips kept the lock through two more trips to a busy Node.js event loop,
 * which halved sign-in throughput at 100 connections (npm run bench). The head is read in a
 * statement after the lock, not in it: under READ COMMITTED a statement sees what was
 * committed when it started.
 */
export async function recordEvents(tx: Tx, events: AuditEventInput[], now: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event, ordinal) => {
    const content = toContent(event, now);
    return { ...content, ordinal, body: eventHashBody(content), createdAt: content.createdAt.toISOString() };
  });
  const payload = JSON.stringify(rows);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  await tx.$executeRaw`
    WITH RECURSIVE event AS (
      SELECT * FROM jsonb_to_recordset(${payload}::jsonb) AS e(ordinal int, body text, "createdAt" timestamp(3), type text,
        "attemptId" text, "userId" text, "sessionHash" text, ip text, "userAgent" text, "deviceHash" text, outcome text, reason text, details jsonb)
    ), head AS (
      SELECT coalesce((SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1), ${GENESIS_HASH}) AS hash
    ), chain AS (
      SELECT event.ordinal, head.hash AS "prevHash", encode(sha256(convert_to(head.hash || chr(10) || event.body, 'UTF8')), 'hex') AS hash
      FROM event, head WHERE event.ordinal = 0
      UNION ALL
      SELECT event.ordinal, chain.hash, encode(sha256(convert_to(chain.hash || chr(10) || event.body, 'UTF8')), 'hex')
      FROM chain JOIN event ON event.ordinal = chain.ordinal + 1
    )
    INSERT INTO "AuditEvent" ("createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash", outcome, reason, details, "prevHash", hash)
    SELECT e."createdAt", e.type, e."attemptId", e."userId", e."sessionHash", e.ip, e."userAgent", e."deviceHash", e.outcome, e.reason, e.details,
      chain."prevHash", chain.hash
    FROM event e JOIN chain ON chain.ordinal = e.ordinal
    ORDER BY e.ordinal`;
}

/** For events that accompany no other state change. */
export async function recordEventsNow(db: Db, events: AuditEventInput[], now?: Date): Promise<void> {
  await db.$transaction((tx) => recordEvents(tx, events, now));
}

function toContent(event: AuditEventInput, now: Date): HashedEventContent {
  return {
    createdAt: now,
    type: event.type,
    attemptId: event.attemptId ?? null,
    userId: event.userId ?? null,
    sessionHash: event.sessionHash ?? null,
    ip: truncate(event.ip, 64),
    userAgent: truncate(event.userAgent, 512),
    deviceHash: event.deviceHash ?? null,
    outcome: event.outcome ?? null,
    reason: truncate(event.reason, 200),
    details: safeDetails(event.details ?? {}),
  };
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
