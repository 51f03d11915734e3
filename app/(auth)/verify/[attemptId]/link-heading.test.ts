import { describe, expect, it } from "vitest";
import { linkHeading } from "./link-heading";

describe("linkHeading", () => {
  it("says 'Signing you in' only while the sign-in is under way", () => {
    expect(linkHeading({ state: "loading" })).toBe("Signing you in");
    expect(linkHeading({ state: "redeem-here" })).toBe("Signing you in");
  });

  it("never says 'Signing you in' when the link failed, was refused or could not be checked", () => {
    for (const phase of [
      { state: "failed", reason: "already-used" },
      { state: "failed", reason: "expired" },
      { state: "refuse-other-device" },
      { state: "no-token" },
      { state: "error" },
    ] as const) {
      expect(linkHeading(phase)).not.toMatch(/signing you in/i);
    }
  });

  it("asks a question when this device must decide", () => {
    expect(linkHeading({ state: "confirm-other-device", maskedEmail: "a•••@example.com" })).toBe("Sign in on this device?");
    expect(linkHeading({ state: "approve-for-original", requester: {} as never })).toBe("Approve a sign-in");
  });
});
