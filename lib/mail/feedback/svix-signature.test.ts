import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySvix } from "./svix-signature";

// A secret as Resend shows it, and a signature computed from Svix's documentation, independently of the code under test.
const key = randomBytes(24);
const secret = `whsec_${key.toString("base64")}`;
const body = JSON.stringify({ type: "email.bounced", data: { email_id: "e1" } });
const now = new Date("2026-11-29T12:00:00Z");
const stamp = String(now.getTime() / 1000);
const sign = (content: string, withKey = key) => `v1,${createHmac("sha256", withKey).update(content).digest("base64")}`;
const headers = (overrides: Partial<Record<"id" | "timestamp" | "signature", string | null>> = {}) => ({
  id: "msg_2Zp",
  timestamp: stamp,
  signature: sign(`msg_2Zp.${stamp}.${body}`),
  ...overrides,
});

describe("verifySvix", () => {
  it("accepts a request signed with the secret and returns its delivery id", () => {
    expect(verifySvix(headers(), body, secret, now)).toBe("msg_2Zp");
  });

  it("accepts any one valid signature among several (secret rotation)", () => {
    const rotated = `v1,${randomBytes(32).toString("base64")} ${sign(`msg_2Zp.${stamp}.${body}`)}`;
    expect(verifySvix(headers({ signature: rotated }), body, secret, now)).toBe("msg_2Zp");
  });

  it("refuses a changed body, another id, another secret, an unknown scheme and missing headers", () => {
    expect(() => verifySvix(headers(), body.replace("e1", "e2"), secret, now)).toThrow(/does not match/);
    expect(() => verifySvix(headers({ id: "msg_other" }), body, secret, now)).toThrow(/does not match/);
    expect(() => verifySvix(headers({ signature: sign(`msg_2Zp.${stamp}.${body}`, randomBytes(24)) }), body, secret, now)).toThrow(
      /does not match/,
    );
    expect(() => verifySvix(headers({ signature: `v2,${sign(`msg_2Zp.${stamp}.${body}`).slice(3)}` }), body, secret, now)).toThrow(
      /does not match/,
    );
    expect(() => verifySvix(headers({ signature: null }), body, secret, now)).toThrow(/Missing/);
  });

  it("refuses a timestamp more than five minutes off either way, so a captured request cannot be replayed", () => {
    const at = (seconds: number) => {
      const timestamp = String(now.getTime() / 1000 + seconds);
      return headers({ timestamp, signature: sign(`msg_2Zp.${timestamp}.${body}`) });
    };
    expect(verifySvix(at(-299), body, secret, now)).toBe("msg_2Zp");
    expect(() => verifySvix(at(-301), body, secret, now)).toThrow(/five minutes/);
    expect(() => verifySvix(at(301), body, secret, now)).toThrow(/five minutes/);
    expect(() => verifySvix(headers({ timestamp: "soon" }), body, secret, now)).toThrow(/not a number/);
  });
});
