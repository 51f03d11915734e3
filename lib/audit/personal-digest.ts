import { createHash, randomUUID } from "node:crypto";
import { canonicalJson } from "./event-hash";

/** The fields of an event that identify a person and are erased once retention ends. */
export interface PersonalFields {
  ip: string | null;
  userAgent: string | null;
}

/**
 * SHA-256 over a random salt and the personal fields. The event's MAC covers this
 * digest, not the fields: erasing the fields and the salt together leaves the chain
 * verifiable and the digest useless (without the salt, no one can test guesses against it,
 * not even the 2^32 IPv4 addresses).
 */
export function personalDigest(salt: string, fields: PersonalFields): string {
  return createHash("sha256").update(salt).update("\n").update(canonicalJson(fields)).digest("hex");
}

export function hasPersonalData(fields: PersonalFields): boolean {
  return fields.ip !== null || fields.userAgent !== null;
}

/** 122 random bits from the CSPRNG (a version 4 UUID: cheap, from a buffered pool). */
export function newPersonalSalt(): string {
  return randomUUID();
}
