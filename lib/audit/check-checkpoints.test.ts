import { describe, expect, it } from "vitest";
import { auditKeyringFor } from "./audit-keys";
import { checkCheckpoints } from "./check-checkpoints";
import {
  checkpointFromJson,
  checkpointSignatureValid,
  checkpointToJson,
  signCheckpoint,
  type SignedCheckpoint,
} from "./checkpoint-signature";

const keyring = auditKeyringFor({ AUTH_SECRET: "a".repeat(32), AUDIT_CHAIN_KEY: undefined, AUDIT_CHAIN_PREVIOUS_KEYS: [] });
const otherKeyring = auditKeyringFor({ AUTH_SECRET: "b".repeat(32), AUDIT_CHAIN_KEY: undefined, AUDIT_CHAIN_PREVIOUS_KEYS: [] });

function series(heads: bigint[], signer = keyring.current): SignedCheckpoint[] {
  const list: SignedCheckpoint[] = [];
  heads.forEach((headSeq, index) => {
    list.push(
      signCheckpoint(signer, {
        createdAt: new Date(Date.UTC(2026, 10, 29, 10, index)),
        headSeq,
        headHash: `${headSeq}`.padStart(64, "a"),
        prevSignature: list.at(-1)?.signature ?? "",
      }),
    );
  });
  return list;
}

describe("checkpoints", () => {
  it("verify with the public key and survive a round trip through JSON", () => {
    const [checkpoint] = series([5n]);
    const copy = checkpointFromJson(JSON.parse(JSON.stringify(checkpointToJson(checkpoint))));
    expect(copy).toEqual(checkpoint);
    expect(checkpointSignatureValid(keyring, copy!)).toBe(true);
    expect(checkpointSignatureValid(keyring, { ...copy!, headSeq: 6n })).toBe(false);
    expect(checkpointSignatureValid(otherKeyring, copy!)).toBe(false);
    expect(checkpointFromJson({ ...checkpointToJson(checkpoint), headSeq: "-1" })).toBeNull();
  });

  it("yield the heads the events must match, skipping empty-chain checkpoints", () => {
    const result = checkCheckpoints(series([0n, 3n, 3n, 9n]), keyring);
    expect(result.problem).toBeNull();
    expect(result.heads.map((head) => head.seq)).toEqual([3n, 3n, 9n]);
    expect(result.newest?.headSeq).toBe(9n);
  });

  it("report a forged, a removed or a reordered checkpoint, and a head that went back", () => {
    const list = series([2n, 4n, 6n]);
    expect(checkCheckpoints([list[0], { ...list[1], headHash: "f".repeat(64) }, list[2]], keyring).problem).toEqual({
      kind: "checkpoint-invalid",
      atSeq: 4n,
    });
    expect(checkCheckpoints([list[0], list[2]], keyring).problem).toEqual({ kind: "checkpoint-invalid", atSeq: 6n });
    expect(checkCheckpoints([list[1], list[0]], keyring).problem?.kind).toBe("checkpoint-invalid");
    expect(checkCheckpoints(series([5n], otherKeyring.current), keyring).problem?.kind).toBe("checkpoint-invalid");
    expect(checkCheckpoints(series([5n, 3n]), keyring).problem).toEqual({ kind: "tail-missing", atSeq: 5n });
  });

  it("report the newest checkpoints deleted when a copy kept outside says so", () => {
    const list = series([2n, 4n, 6n]);
    expect(checkCheckpoints(list, keyring, list[2]).problem).toBeNull();
    expect(checkCheckpoints(list.slice(0, 2), keyring, list[2]).problem).toEqual({ kind: "checkpoint-missing", atSeq: 6n });
  });
});
