import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { readEnv } from "../env";

/**
 * Keyed hashing and encryption with keys derived from AUTH_SECRET.
 * Each purpose gets its own key so a hash of one kind can never stand in for another.
 */
function derivedKey(purpose: string): Buffer {
  return createHmac("sha256", readEnv().AUTH_SECRET).update(`magic-link-guard:${purpose}`).digest();
}

const keyCache = new Map<string, Buffer>();
function keyFor(purpose: string): Buffer {
  let key = keyCache.get(purpose);
  if (!key) {
    key = derivedKey(purpose);
    keyCache.set(purpose, key);
  }
  return key;
}

export type HashPurpose =
  | "link-token"
  | "code"
  | "binding"
  | "email"
  | "session"
  | "recovery-code"
  | "email-change"
  | "enrolment-invitation"
  | "api-token"
  | "sign-in-notice"
  | "factor-reset";

/** HMAC-SHA256 of a secret value, as hex. Only these hashes are stored, never the secrets. */
export function keyedHash(purpose: HashPurpose, value: string): string {
  return createHmac("sha256", keyFor(purpose)).update(value).digest("hex");
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** 256 bits from the CSPRNG, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Six digits, uniformly distributed (randomInt avoids modulo bias). */
export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** AES-256-GCM, for secrets that must wait in the mail outbox until they are sent. */
export function encrypt(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor("outbox-encryption"), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

export function decrypt(sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", keyFor("outbox-encryption"), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
