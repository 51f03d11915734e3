import { createHash } from "node:crypto";

/** The fields of an event that its hash covers (everything but seq and the hashes themselves). */
export interface HashedEventContent {
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

/** The text an event's hash covers, after its predecessor's hash and a newline. */
export function eventHashBody(content: HashedEventContent): string {
  return canonicalJson({ ...content, createdAt: content.createdAt.toISOString() });
}

/**
 * hash = SHA-256(previous hash + "\n" + canonical content): altering or removing any event
 * breaks every later link. record-events.ts computes the same in PostgreSQL when appending.
 */
export function computeEventHash(prevHash: string, content: HashedEventContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(eventHashBody(content)).digest("hex");
}
