import { describe, expect, it } from "vitest";
import { readStepUpRecord, recordWithProof } from "./step-up-record";

describe("Session.stepUps", () => {
  it("reads method times and policy use, dropping anything malformed", () => {
    const record = readStepUpRecord({
      passkey: "2026-01-01T00:00:00.000Z",
      totp: "nonsense",
      bogus: "2026-01-01T00:00:00.000Z",
      lastUsed: { "admin.access": "2026-01-01T00:05:00.000Z", other: "x" },
    });
    expect(record).toEqual({
      proofs: { passkey: new Date("2026-01-01T00:00:00Z") },
      lastUsed: { "admin.access": new Date("2026-01-01T00:05:00Z") },
    });
    expect(readStepUpRecord(null)).toEqual({ proofs: {}, lastUsed: {} });
    expect(readStepUpRecord([1, 2])).toEqual({ proofs: {}, lastUsed: {} });
  });
  it("adds a proof and keeps the rest", () => {
    const at = new Date("2026-02-01T00:00:00Z");
    expect(
      recordWithProof({ passkey: "2026-01-01T00:00:00.000Z", lastUsed: { "admin.access": "2026-01-01T00:05:00.000Z" } }, "totp", at),
    ).toEqual({
      passkey: "2026-01-01T00:00:00.000Z",
      totp: "2026-02-01T00:00:00.000Z",
      lastUsed: { "admin.access": "2026-01-01T00:05:00.000Z" },
    });
  });
});
