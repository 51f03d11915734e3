import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Audit-Signature";
export const TIMESTAMP_HEADER = "X-Audit-Timestamp";
/** How old a batch's timestamp may be when it arrives; receivers refuse older ones as replays. */
export const REPLAY_WINDOW_SECONDS = 300;

/**
 * HMAC-SHA256 over `<timestamp>.<body>` with AUDIT_WEBHOOK_SECRET, as "v1=<hex>". Signing the
 * timestamp with the body stops an old batch from being replayed with a fresh timestamp.
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex")}`;
}

export function signedWebhookHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: "missing-headers" | "bad-signature" | "stale" };

/**
 * What a receiver does (README "Audit stream"), kept here so the documented recipe is tested:
 * recompute the signature over the raw body, compare in constant time, and refuse a timestamp
 * outside the replay window either way.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  now: Date,
  windowSeconds = REPLAY_WINDOW_SECONDS,
): WebhookVerdict {
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: "missing-headers" };
  const timestamp = Number(headers.timestamp);
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "bad-signature" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > windowSeconds) return { ok: false, reason: "stale" };
  return { ok: true };
}

/** Backoff after the n-th failure in a row: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function webhookRetryDelayMs(failures: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, failures - 1), 10 * 60_000);
}
