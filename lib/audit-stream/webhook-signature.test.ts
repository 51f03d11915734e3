import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { REPLAY_WINDOW_SECONDS, signedWebhookHeaders, verifyWebhook, webhookRetryDelayMs, webhookSignature } from "./webhook-signature";

const secret = "receiver-and-sender-share-this-32+chars";
const body = '{"event":{"sequence":1}}\n{"event":{"sequence":2}}\n';
const now = new Date("2026-11-29T10:00:00.000Z");

describe("webhookSignature", () => {
  it("is HMAC-SHA256 over timestamp, a dot and the raw body, as a receiver recomputes it with any HMAC library", () => {
    const expected = createHmac("sha256", secret).update(`1795946400.${body}`).digest("hex");
    expect(webhookSignature(secret, 1795946400, body)).toBe(`v1=${expected}`);
  });

  it("goes out as two headers that carry the unix time", () => {
    const headers = signedWebhookHeaders(secret, body, now);
    expect(headers["X-Audit-Timestamp"]).toBe(String(now.getTime() / 1000));
    expect(headers["X-Audit-Signature"]).toBe(webhookSignature(secret, now.getTime() / 1000, body));
  });
});

describe("verifyWebhook", () => {
  const headers = signedWebhookHeaders(secret, body, now);
  const given = { timestamp: headers["X-Audit-Timestamp"], signature: headers["X-Audit-Signature"] };

  it("accepts a batch as sent, within the replay window", () => {
    expect(verifyWebhook(secret, given, body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, given, body, new Date(now.getTime() + REPLAY_WINDOW_SECONDS * 1000))).toEqual({ ok: true });
  });

  it("refuses a body changed by one byte, events dropped or reordered", () => {
    expect(verifyWebhook(secret, given, body.replace("1", "3"), now)).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyWebhook(secret, given, body.split("\n").slice(1).join("\n"), now)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses another secret's signature", () => {
    expect(verifyWebhook("another-secret-of-thirty-two-chars!!", given, body, now)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses a replay: an old batch, and an old batch with a fresh timestamp", () => {
    const later = new Date(now.getTime() + (REPLAY_WINDOW_SECONDS + 1) * 1000);
    expect(verifyWebhook(secret, given, body, later)).toEqual({ ok: false, reason: "stale" });
    const refreshed = { ...given, timestamp: String(later.getTime() / 1000) };
    expect(verifyWebhook(secret, refreshed, body, later)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses missing or malformed headers", () => {
    expect(verifyWebhook(secret, { timestamp: null, signature: given.signature }, body, now).ok).toBe(false);
    expect(verifyWebhook(secret, { timestamp: given.timestamp, signature: null }, body, now).ok).toBe(false);
    expect(verifyWebhook(secret, { timestamp: "1e9", signature: given.signature }, body, now)).toEqual({
      ok: false,
      reason: "missing-headers",
    });
    expect(verifyWebhook(secret, { timestamp: given.timestamp, signature: "v1=00" }, body, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });
});

describe("webhookRetryDelayMs", () => {
  it("doubles from 2 seconds and stops growing at 10 minutes", () => {
    expect([1, 2, 3, 4].map(webhookRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(webhookRetryDelayMs(0)).toBe(2_000);
    expect(webhookRetryDelayMs(20)).toBe(600_000);
    expect(webhookRetryDelayMs(1_000)).toBe(600_000);
  });
});
