import { timingSafeEqual } from "node:crypto";
import type { AuditKeyring } from "./audit-keys";
import { chainHash, eventMac, keyedEventBody, legacyEventHash } from "./event-hash";
import { personalDigest } from "./personal-digest";

/** An event as stored, with every column verification reads. */
export interface StoredEvent {
  seq: bigint;
  eventId: string | null;
  keyId: string | null;
  mac: string | null;
  createdAt: Date;
  type: string;
  attemptId: string | null;
  userId: string | null;
  sessionHash: string | null;
  ip: string | null;
  userAgent: string | null;
  personalSalt: string | null;
  personalDigest: string | null;
  deviceHash: string | null;
  outcome: string | null;
  reason: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

export type EventProblem =
  /** prevHash is not the hash of the event before: one was removed, inserted or reordered. */
  | "link-broken"
  /** The stored hash is not SHA-256(prevHash, MAC): the chain's own fields were edited. */
  | "hash-mismatch"
  /** The MAC does not verify: the event was edited, or written by someone without the key. */
  | "not-authentic"
  /** The MAC names a key this app does not have (see AUDIT_CHAIN_PREVIOUS_KEYS). */
  | "unknown-key"
  /** The IP or user agent no longer match the digest the MAC covers. */
  | "personal-data-altered"
  /** An event from before the keyed chain whose content no longer matches its hash. */
  | "content-altered"
  /** An unkeyed event after keyed ones: the database writes no such event any more. */
  | "unkeyed-after-keyed"
  /** A second copy of a genuine event (same event id): a replay. */
  | "duplicate-event";

/** Checks one event against the hash of the one before it; null when it is genuine and in place. */
export function checkEvent(event: StoredEvent, prevHash: string, keyring: AuditKeyring, keyedSeen: boolean): EventProblem | null {
  if (event.prevHash !== prevHash) return "link-broken";
  if (event.mac === null) {
    if (keyedSeen) return "unkeyed-after-keyed";
    const expected = legacyEventHash(prevHash, {
      createdAt: event.createdAt,
      type: event.type,
      attemptId: event.attemptId,
      userId: event.userId,
      sessionHash: event.sessionHash,
      ip: event.ip,
      userAgent: event.userAgent,
      deviceHash: event.deviceHash,
      outcome: event.outcome,
      reason: event.reason,
      details: event.details,
    });
    return expected === event.hash ? null : "content-altered";
  }
  if (chainHash(prevHash, event.mac) !== event.hash) return "hash-mismatch";
  if (event.eventId === null || event.keyId === null) return "not-authentic";
  const key = keyring.byId.get(event.keyId);
  if (!key) return "unknown-key";
  const body = keyedEventBody({
    eventId: event.eventId,
    keyId: event.keyId,
    createdAt: event.createdAt,
    type: event.type,
    attemptId: event.attemptId,
    userId: event.userId,
    sessionHash: event.sessionHash,
    deviceHash: event.deviceHash,
    outcome: event.outcome,
    reason: event.reason,
    details: event.details,
    personalDigest: event.personalDigest,
  });
  if (!sameHex(eventMac(key.eventMacKey, body), event.mac)) return "not-authentic";
  return personalFieldsIntact(event) ? null : "personal-data-altered";
}

/** Present fields must match the digest; erased ones (salt gone too) cannot be checked and need not be. */
function personalFieldsIntact(event: StoredEvent): boolean {
  if (event.personalSalt === null) return event.ip === null && event.userAgent === null;
  return event.personalDigest === personalDigest(event.personalSalt, { ip: event.ip, userAgent: event.userAgent });
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
