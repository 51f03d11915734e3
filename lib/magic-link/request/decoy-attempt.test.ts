import { describe, expect, it } from "vitest";
import { DECOY_SEND_MS, decoyTabStatus } from "./decoy-attempt";

const issuedAt = Date.UTC(2026, 10, 29, 10, 0, 0);
const pending = { attemptId: "c".repeat(25), email: "someone@example.com", issuedAt, decoy: true };
const settings = { linkTtlMinutes: 10, codeMaxTries: 5 };
const after = (ms: number) => new Date(issuedAt + ms);

describe("decoyTabStatus", () => {
  it("is sending at first, then ends as a real email to the address would", () => {
    expect(decoyTabStatus(pending, 0, settings, after(0), "REFUSED")).toMatchObject({ phase: "waiting", delivery: "QUEUED" });
    expect(decoyTabStatus(pending, 0, settings, after(DECOY_SEND_MS), "REFUSED")).toMatchObject({ phase: "waiting", delivery: "REFUSED" });
    expect(decoyTabStatus(pending, 0, settings, after(DECOY_SEND_MS), "BOUNCED")).toMatchObject({ phase: "waiting", delivery: "BOUNCED" });
    expect(decoyTabStatus(pending, 0, settings, after(DECOY_SEND_MS))).toMatchObject({ phase: "waiting", delivery: "SENT" });
  });

  it("expires and runs out of code tries like a real attempt, whatever its email did", () => {
    expect(decoyTabStatus(pending, 0, settings, after(10 * 60_000), "REFUSED")).toEqual({ phase: "failed", reason: "expired" });
    expect(decoyTabStatus(pending, 5, settings, after(DECOY_SEND_MS), "RETRYING")).toEqual({ phase: "failed", reason: "too-many-tries" });
  });
});
