import { describe, expect, it } from "vitest";
import { chainHash } from "../audit/event-hash";
import { streamItemsToNdjson } from "./interleave-stream";
import { ecsCategory, ecsOutcome, toStreamEvent, type StreamableEvent } from "./stream-event";

const mac = "a".repeat(64);
const prevHash = "0".repeat(64);

function row(overrides: Partial<StreamableEvent> = {}): StreamableEvent {
  return {
    seq: 42n,
    eventId: "3f1c7a52-1f6e-4a53-9d3a-6b1f0f6f2b11",
    keyId: "0123456789abcdef",
    mac,
    createdAt: new Date("2026-11-29T10:11:12.345Z"),
    type: "session.created",
    attemptId: "att1",
    userId: "user1",
    sessionHash: "s".repeat(64),
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    personalDigest: "d".repeat(64),
    deviceHash: "e".repeat(64),
    outcome: "success",
    reason: null,
    details: { via: "link" },
    prevHash,
    hash: chainHash(prevHash, mac),
    ...overrides,
  };
}

describe("toStreamEvent", () => {
  it("names every field as ECS does, and keeps the chain fields a receiver re-checks", () => {
    expect(toStreamEvent(row())).toEqual({
      "@timestamp": "2026-11-29T10:11:12.345Z",
      ecs: { version: "8.11.0" },
      event: {
        kind: "event",
        module: "magic_link",
        dataset: "magic_link.audit",
        id: "3f1c7a52-1f6e-4a53-9d3a-6b1f0f6f2b11",
        action: "session.created",
        category: ["authentication", "session"],
        outcome: "success",
        sequence: 42,
      },
      user: { id: "user1" },
      source: { ip: "203.0.113.7" },
      user_agent: { original: "Mozilla/5.0 (X11; Linux x86_64)" },
      magic_link: {
        attempt_id: "att1",
        session_hash: "s".repeat(64),
        device_hash: "e".repeat(64),
        details: { via: "link" },
        chain: {
          seq: "42",
          prev_hash: prevHash,
          hash: chainHash(prevHash, mac),
          mac,
          key_id: "0123456789abcdef",
          personal_digest: "d".repeat(64),
        },
      },
    });
  });

  it("leaves out what is empty or erased instead of sending nulls", () => {
    const event = toStreamEvent(
      row({ userId: null, ip: null, userAgent: null, attemptId: null, sessionHash: null, deviceHash: null, eventId: null, reason: null }),
    );
    expect(event).not.toHaveProperty("user");
    expect(event).not.toHaveProperty("source");
    expect(event).not.toHaveProperty("user_agent");
    expect(event.event).not.toHaveProperty("id");
    expect(event.event).not.toHaveProperty("reason");
    expect(Object.keys(event.magic_link)).toEqual(["details", "chain"]);
  });

  it("carries the reason, and events from before the keyed chain with a null MAC", () => {
    const event = toStreamEvent(row({ reason: "wrong code", outcome: "failure", mac: null, keyId: null, personalDigest: null }));
    expect(event.event.reason).toBe("wrong code");
    expect(event.event.outcome).toBe("failure");
    expect(event.magic_link.chain).toMatchObject({ mac: null, key_id: null, personal_digest: null });
  });

  it("lets a receiver re-check each link from the fields it gets", () => {
    const event = toStreamEvent(row());
    expect(chainHash(event.magic_link.chain.prev_hash, event.magic_link.chain.mac!)).toBe(event.magic_link.chain.hash);
  });
});

describe("ecsOutcome", () => {
  it("maps our three outcomes onto ECS's", () => {
    expect(ecsOutcome("success")).toBe("success");
    expect(ecsOutcome("failure")).toBe("failure");
    expect(ecsOutcome("info")).toBe("unknown");
    expect(ecsOutcome(null)).toBe("unknown");
  });
});

describe("ecsCategory", () => {
  it("files each family of events under an ECS category", () => {
    expect(ecsCategory("link.fetched")).toEqual(["authentication"]);
    expect(ecsCategory("code.failed")).toEqual(["authentication"]);
    expect(ecsCategory("stepup.succeeded")).toEqual(["authentication"]);
    expect(ecsCategory("account.locked")).toEqual(["iam"]);
    expect(ecsCategory("admin.action")).toEqual(["iam"]);
    expect(ecsCategory("email.bounced")).toEqual(["email"]);
    expect(ecsCategory("alert.raised")).toEqual(["intrusion_detection"]);
    expect(ecsCategory("something.new")).toEqual(["configuration"]);
  });
});

describe("streamItemsToNdjson", () => {
  it("writes one line per event, in the order given, and text with newlines cannot split a line", () => {
    const text = streamItemsToNdjson(
      [row({ seq: 1n, reason: "line one\nline two" }), row({ seq: 2n, userAgent: 'evil\r\n{"event":{}}' })].map((event) => ({
        kind: "event" as const,
        event,
      })),
    );
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.slice(0, 2).map((line) => JSON.parse(line).event.sequence)).toEqual([1, 2]);
    expect(JSON.parse(lines[0]).event.reason).toBe("line one\nline two");
  });

  it("is empty for no events", () => {
    expect(streamItemsToNdjson([])).toBe("");
  });
});
