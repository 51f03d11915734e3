import { randomInt } from "node:crypto";

/**
 * Enrolment invitation codes: "xxxx-xxxx-xxxx-xxxx" from 31 unambiguous characters (no 0/o,
 * 1/l/i), about 79 random bits, typed back with any case, spaces or dashes. Read aloud over
 * the phone or pasted from a terminal; only a keyed hash is stored.
 */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 4;

export function newInvitationCode(): string {
  return Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  ).join("-");
}

/** The canonical form (lower case, no separators), or null when the input cannot be an invitation code. */
export function normaliseInvitationCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]+/g, "");
  return compact.length === GROUPS * GROUP_LENGTH && [...compact].every((character) => ALPHABET.includes(character)) ? compact : null;
}
