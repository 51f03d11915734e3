import { createHmac, timingSafeEqual } from "node:crypto";
import { webhookRefusal } from "./feedback-notice";

/** Svix (which signs Resend's webhooks) refuses timestamps more than five minutes off, either way. */
export const SVIX_TOLERANCE_SECONDS = 5 * 60;

export interface SvixHeaders {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
}

/** The key behind a "whsec_…" secret: the base64 after the prefix. */
export function svixKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ""), "base64");
}

/** "v1,<base64>" for the given id, timestamp and raw body: what the sender computes. */
export function svixSignature(key: Buffer, id: string, timestamp: string, body: string): string {
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * Verifies a Svix-signed request: HMAC-SHA256 with the secret's key over
 * "<svix-id>.<svix-timestamp>.<raw body>", compared in constant time with each "v1,…" entry of
 * svix-signature (several during a secret rotation), and a timestamp within the tolerance, so a
 * captured request cannot be replayed later. Returns the svix-id, the delivery's stable id.
 */
export function verifySvix(headers: SvixHeaders, body: string, secret: string, now: Date = new Date()): string {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature)
    throw webhookRefusal(401, "svix-missing", "Missing svix-id, svix-timestamp or svix-signature header.");
  if (!/^\d{1,12}$/.test(timestamp)) throw webhookRefusal(400, "svix-timestamp", "svix-timestamp is not a number of seconds.");
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SVIX_TOLERANCE_SECONDS) {
    throw webhookRefusal(
      401,
      "svix-timestamp",
      "svix-timestamp is more than five minutes away from now: a replay, or a clock out of sync.",
    );
  }
  const expected = Buffer.from(svixSignature(svixKey(secret), id, timestamp, body).slice(3), "base64");
  const matches = signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .some((entry) => {
      const given = Buffer.from(entry.slice(3), "base64");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches) throw webhookRefusal(401, "svix-signature", "The svix-signature does not match this body and secret.");
  return id;
}
