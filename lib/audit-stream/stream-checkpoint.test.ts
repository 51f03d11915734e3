import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditKeyFromRoot } from "../audit/audit-keys";
import { signCheckpoint } from "../audit/checkpoint-signature";
import { toStreamCheckpoint } from "./stream-checkpoint";

const key = auditKeyFromRoot(Buffer.from("a root for this test only, 32 bytes or more"));
const signed = signCheckpoint(key, {
  createdAt: new Date("2026-11-29T10:15:00.123Z"),
  headSeq: 9007199254740993n,
  headHash: "ab".repeat(32),
  prevSignature: "previous-signature",
});

describe("toStreamCheckpoint", () => {
  it("is an ECS state record with every signed field as the string that was signed", () => {
    expect(toStreamCheckpoint({ id: 17n, ...signed })).toEqual({
      "@timestamp": "2026-11-29T10:15:00.123Z",
      ecs: { version: "8.11.0" },
      event: {
        kind: "state",
        module: "magic_link",
        dataset: "magic_link.audit",
        action: "audit.checkpoint",
        category: ["database"],
        type: ["info"],
      },
      magic_link: {
        checkpoint: {
          id: "17",
          v: 1,
          algorithm: "Ed25519",
          created_at: "2026-11-29T10:15:00.123Z",
          head_seq: "9007199254740993",
          head_hash: "ab".repeat(32),
          prev_signature: "previous-signature",
          key_id: key.id,
          signature: signed.signature,
        },
      },
    });
  });

  it("verifies with the public key's PEM over the bytes README documents, rebuilt from the record alone", () => {
    const { checkpoint } = JSON.parse(JSON.stringify(toStreamCheckpoint({ id: 17n, ...signed }))).magic_link;
    // README "Audit stream": keys in this order, no spaces, head_seq as a string.
    const bytes = `{"createdAt":${JSON.stringify(checkpoint.created_at)},"headHash":${JSON.stringify(checkpoint.head_hash)},"headSeq":${JSON.stringify(checkpoint.head_seq)},"keyId":${JSON.stringify(checkpoint.key_id)},"prevSignature":${JSON.stringify(checkpoint.prev_signature)},"v":1}`;
    const publicKey = createPublicKey(key.checkpointPublicKey.export({ format: "pem", type: "spki" }));
    expect(verify(null, Buffer.from(bytes, "utf8"), publicKey, Buffer.from(checkpoint.signature, "base64url"))).toBe(true);
    // One changed character of the head, and it no longer does.
    const forged = bytes.replace(`"headSeq":"9007199254740993"`, `"headSeq":"9007199254740992"`);
    expect(verify(null, Buffer.from(forged, "utf8"), publicKey, Buffer.from(checkpoint.signature, "base64url"))).toBe(false);
  });
});
