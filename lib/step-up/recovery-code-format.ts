import { randomInt } from "node:crypto";
import { keyedHash } from "../security/secrets";

/**
 * Recovery codes: ten per account, each "xxxxx-xxxxx" from 31 unambiguous characters
 * (no 0/o, 1/l/i), so about 50 random bits; typed back with any case, spaces or dashes.
 * Only keyed hashes are stored.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${characters.slice(0, 5)}-${characters.slice(5)}`;
  });
}

/** The canonical form, or null when the input cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]+/g, "");
  return compact.length === LENGTH && [...compact].every((character) => ALPHABET.includes(character)) ? compact : null;
}

export function hashRecoveryCode(code: string): string {
  const normal = normaliseRecoveryCode(code);
  if (!normal) throw new Error("not a recovery code");
  return keyedHash("recovery-code", normal);
}
