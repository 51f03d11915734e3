import { z } from "zod";

/**
 * The sign-in address, validated before it reaches the database, the rate limiter or the
 * mail system (ASVS 1.3.11: one recipient, no header injection).
 *
 * Policy, deliberately narrower than RFC 5321/5322 because every address here becomes a
 * mail recipient and an account key:
 * - Plain ASCII only. Internationalised addresses (Unicode local parts or domains) are not
 *   accepted: they are where look-alikes hide (fullwidth "＠" U+FF20, small "﹫" U+FE6B,
 *   Cyrillic "а" for Latin "a"). Users of an IDN domain can type its punycode ("xn--…").
 * - The local part uses letters, digits and . _ + - only; quoted local parts and the rare
 *   RFC symbols (! # $ % & ' * / = ? ^ ` { | } ~) are refused.
 * - Addresses are case-insensitive for sign-in: the whole address is lower-cased, so
 *   "Ann@Example.com" and "ann@example.com" are one account. (RFC 5321 lets a server treat
 *   the local part case-sensitively; no mainstream provider does, and two accounts that
 *   differ only by case would be a phishing gift.)
 * - "+tags" are kept: "ann+work@x.com" is a different account from "ann@x.com". Stripping
 *   them would guess at provider rules and merge accounts their owners meant to keep apart.
 */

export const EMAIL_MESSAGES = {
  empty: "Enter your email address.",
  notOne: "Enter one email address, like name@example.com.",
  separators: "Email addresses can't contain commas or line breaks.",
  control: "Email addresses can't contain hidden control characters.",
  lookAlike: "Use only plain letters, digits and . _ + - in the address; look-alike characters are not accepted.",
  spaces: "Email addresses can't contain spaces.",
  brackets: "Enter just the address, like name@example.com, without a name or < >.",
  quoted: "Quoted email addresses are not accepted; use a plain address like name@example.com.",
  tooLong: "That email address is too long.",
  localTooLong: "The part before the @ is too long.",
  localDots: "The part before the @ can't start or end with a dot or have two dots in a row.",
  domain: "Check the part after the @; it should look like example.com.",
} as const;

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const LOCAL_CHARS = /^[A-Za-z0-9._+-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Top-level domains are alphabetic (or punycode); this also refuses bare IP addresses.
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The first rule an (already trimmed) address breaks, as a message for the user; null if none. */
function problemWith(value: string): string | null {
  if (value === "") return EMAIL_MESSAGES.empty;
  if (/[\r\n,;]/.test(value)) return EMAIL_MESSAGES.separators;
  if (/[\u0000-\u001f\u007f]/.test(value)) return EMAIL_MESSAGES.control;
  if (/[^\u0020-\u007e]/.test(value)) return EMAIL_MESSAGES.lookAlike;
  if (value.includes(" ")) return EMAIL_MESSAGES.spaces;
  if (/[<>]/.test(value)) return EMAIL_MESSAGES.brackets;
  if (value.includes('"')) return EMAIL_MESSAGES.quoted;
  const parts = value.split("@");
  if (parts.length !== 2) return EMAIL_MESSAGES.notOne;
  if (value.length > MAX_ADDRESS) return EMAIL_MESSAGES.tooLong;
  const [local, domain] = parts;
  if (local === "") return EMAIL_MESSAGES.notOne;
  if (local.length > MAX_LOCAL) return EMAIL_MESSAGES.localTooLong;
  if (!LOCAL_CHARS.test(local)) return EMAIL_MESSAGES.lookAlike;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return EMAIL_MESSAGES.localDots;
  return validDomain(domain.toLowerCase()) ? null : EMAIL_MESSAGES.domain;
}

function validDomain(domain: string): boolean {
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  return labels.every((label) => DOMAIN_LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]);
}

export const emailAddressSchema = z
  .string({ error: EMAIL_MESSAGES.empty })
  .trim()
  .superRefine((value, ctx) => {
    const message = problemWith(value);
    if (message) ctx.addIssue({ code: "custom", message });
  })
  .transform((value) => value.toLowerCase());

export type ParsedEmail = { ok: true; email: string } | { ok: false; message: string };

export function parseEmailAddress(input: unknown): ParsedEmail {
  const result = emailAddressSchema.safeParse(input);
  return result.success ? { ok: true, email: result.data } : { ok: false, message: result.error.issues[0].message };
}

/** "ann@example.com" → "a•••@example.com": enough for the owner to recognise, little for anyone else. */
export function maskEmailAddress(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 0) return "•••";
  return `${email.slice(0, Math.min(1, at))}•••${email.slice(at)}`;
}
