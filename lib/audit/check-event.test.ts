import { describe, expect, it } from "vitest";
import { auditKeyringFor } from "./audit-keys";
import { checkEvent, type StoredEvent } from "./check-event";
import { chainHash, eventMac, GENESIS_HASH, keyedEventBody, legacyEventHash } from "./event-hash";
import { personalDigest } from "./personal-digest";

const keyring = auditKeyringFor({
  AUTH_SECRET: "a".repeat(32),
  AUDIT_CHAIN_KEY: "k".repeat(40),
  AUDIT_CHAIN_PREVIOUS_KEYS: ["old-key-".repeat(5)],
});
const key = keyring.current;

/** An event as the app and the trigger would have stored it. */
function genuine(overrides: Partial<StoredEvent> = {}, macKey: Buffer = key.eventMacKey, keyId = key.id): StoredEvent {
  const salt = "5a17".repeat(8);
  const base = {
    seq: 7n,
    eventId: "Zr9v3m2QmW6kQ0pR1s2t3u",
    keyId,
    createdAt: new Date("2026-11-29T10:00:00.123Z"),
    type: "link.fetched",
    attemptId: "cattempt",
    userId: null,
    sessionHash: null,
    ip: "203.0.113.9",
    userAgent: "Mozilla/5.0",
    personalSalt: salt,
    personalDigest: personalDigest(salt, { ip: "203.0.113.9", userAgent: "Mozilla/5.0" }),
    deviceHash: "dev",
    outcome: "info",
    reason: null,
    details: { likelyScanner: false, nested: { b: 1, a: [1, 2] } },
    ...overrides,
  };
  const mac = eventMac(macKey, keyedEventBody({ ...base, eventId: "Zr9v3m2QmW6kQ0pR1s2t3u", keyId }));
  return { ...base, mac, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, mac), ...overrides };
}

describe("checkEvent", () => {
  it("accepts an event the app wrote, in place", () => {
    expect(checkEvent(genuine(), GENESIS_HASH, keyring, false)).toBeNull();
  });

  it("accepts an event whose personal fields were erased together with their salt", () => {
    expect(checkEvent({ ...genuine(), ip: null, userAgent: null, personalSalt: null }, GENESIS_HASH, keyring, true)).toBeNull();
  });

  it("accepts an event keyed with a previous key, and names an unknown key", () => {
    const previous = [...keyring.byId.values()][1];
    expect(checkEvent(genuine({}, previous.eventMacKey, previous.id), GENESIS_HASH, keyring, true)).toBeNull();
    expect(checkEvent(genuine({}, previous.eventMacKey, "0123456789abcdef"), GENESIS_HASH, keyring, true)).toBe("unknown-key");
  });

  it("reports each kind of tampering", () => {
    const event = genuine();
    expect(checkEvent({ ...event, prevHash: "f".repeat(64) }, GENESIS_HASH, keyring, true)).toBe("link-broken");
    expect(checkEvent(event, "e".repeat(64), keyring, true)).toBe("link-broken");
    expect(checkEvent({ ...event, hash: "0".repeat(64) }, GENESIS_HASH, keyring, true)).toBe("hash-mismatch");
    expect(checkEvent({ ...event, details: { likelyScanner: true, nested: { b: 1, a: [1, 2] } } }, GENESIS_HASH, keyring, true)).toBe(
      "not-authentic",
    );
    expect(checkEvent({ ...event, type: "link.opened" }, GENESIS_HASH, keyring, true)).toBe("not-authentic");
    expect(checkEvent({ ...event, createdAt: new Date(event.createdAt.getTime() + 1) }, GENESIS_HASH, keyring, true)).toBe("not-authentic");
    expect(checkEvent({ ...event, ip: "198.51.100.1" }, GENESIS_HASH, keyring, true)).toBe("personal-data-altered");
    expect(checkEvent({ ...event, personalSalt: null }, GENESIS_HASH, keyring, true)).toBe("personal-data-altered");
    expect(checkEvent({ ...event, eventId: null }, GENESIS_HASH, keyring, true)).toBe("not-authentic");
  });

  it("refuses a forged event whose MAC was made without the key, even with a consistent hash", () => {
    const forged = genuine({}, Buffer.from("guessed-key"));
    expect(checkEvent(forged, GENESIS_HASH, keyring, true)).toBe("not-authentic");
  });

  it("checks events from before the keyed chain by their old hash, and only before the first keyed one", () => {
    const content = {
      createdAt: new Date("2026-01-01T00:00:00Z"),
      type: "session.created",
      attemptId: null,
      userId: "u1",
      sessionHash: "s",
      ip: "192.0.2.1",
      userAgent: "UA",
      deviceHash: null,
      outcome: "success",
      reason: null,
      details: {},
    };
    const legacy: StoredEvent = {
      seq: 1n,
      eventId: null,
      keyId: null,
      mac: null,
      personalSalt: null,
      personalDigest: null,
      ...content,
      prevHash: GENESIS_HASH,
      hash: legacyEventHash(GENESIS_HASH, content),
    };
    expect(checkEvent(legacy, GENESIS_HASH, keyring, false)).toBeNull();
    expect(checkEvent({ ...legacy, reason: "edited" }, GENESIS_HASH, keyring, false)).toBe("content-altered");
    expect(checkEvent(legacy, GENESIS_HASH, keyring, true)).toBe("unkeyed-after-keyed");
  });
});
