import { createHash, createHmac } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level, so PostgreSQL's jsonb key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
}

/**
 * What an event's MAC covers: everything but its position in the chain and the personal
 * fields themselves, which it covers through their salted digest so that they can be erased
 * later without breaking the MAC (lib/audit/personal-digest.ts).
 */
export interface KeyedEventContent {
  eventId: string;
  keyId: string;
  createdAt: Date;
  type: string;
  attemptId: string | null;
  userId: string | null;
  sessionHash: string | null;
  deviceHash: string | null;
  outcome: string | null;
  reason: string | null;
  details: unknown;
  personalDigest: string | null;
}

export function keyedEventBody(content: KeyedEventContent): string {
  // Field by field: an object with more fields (a stored row) must hash the same.
  return canonicalJson({
    v: 2,
    eventId: content.eventId,
    keyId: content.keyId,
    createdAt: content.createdAt.toISOString(),
    type: content.type,
    attemptId: content.attemptId,
    userId: content.userId,
    sessionHash: content.sessionHash,
    deviceHash: content.deviceHash,
    outcome: content.outcome,
    reason: content.reason,
    details: content.details,
    personalDigest: content.personalDigest,
  });
}

/** HMAC-SHA256 of the body with the audit key (audit-keys.ts), which the database never holds. */
export function eventMac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("hex");
}

/**
 * hash = SHA-256(previous hash + "\n" + MAC). The trigger that appends an event computes this
 * in PostgreSQL; it needs no key, and removing, inserting or reordering an event breaks every
 * later link. Forging an event needs the key the MAC is made with.
 */
export function chainHash(prevHash: string, mac: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(mac).digest("hex");
}

/** Events written before the chain was keyed (migration 20261129300001): hashed over their whole content. */
export interface LegacyEventContent {
  createdAt: Date;
  type: string;
  attemptId: string | null;
  userId: string | null;
  sessionHash: string | null;
  ip: string | null;
  userAgent: string | null;
  deviceHash: string | null;
  outcome: string | null;
  reason: string | null;
  details: unknown;
}

export function legacyEventHash(prevHash: string, content: LegacyEventContent): string {
  const body = canonicalJson({ ...content, createdAt: content.createdAt.toISOString() });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
