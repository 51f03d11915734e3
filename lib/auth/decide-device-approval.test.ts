import { describe, expect, it } from "vitest";
import { decideDeviceApproval, type DeviceApprovalFacts } from "./decide-device-approval";

function facts(overrides: Partial<DeviceApprovalFacts> = {}): DeviceApprovalFacts {
  return { risk: "HIGH", hasFactor: false, strongSignIn: false, otherKnownDevices: 1, ...overrides };
}

describe("decideDeviceApproval", () => {
  it("holds a HIGH-risk sign-in to an account without a factor until a known browser approves", () => {
    expect(decideDeviceApproval(facts())).toEqual({ required: true, reason: "high-risk" });
  });

  it("leaves LOW, ELEVATED and unscored sign-ins alone", () => {
    for (const risk of ["LOW", "ELEVATED", null] as const)
      expect(decideDeviceApproval(facts({ risk }))).toEqual({ required: false, reason: "not-high-risk" });
  });

  it("leaves an account with a factor to the factor", () => {
    expect(decideDeviceApproval(facts({ hasFactor: true }))).toEqual({ required: false, reason: "factor-decides" });
  });

  it("asks nothing more of a sign-in that used a passkey or authenticator", () => {
    expect(decideDeviceApproval(facts({ strongSignIn: true }))).toEqual({ required: false, reason: "factor-in-sign-in" });
  });

  it("cannot ask when no other browser ever signed in (or all were forgotten)", () => {
    expect(decideDeviceApproval(facts({ otherKnownDevices: 0 }))).toEqual({ required: false, reason: "no-device-to-ask" });
  });
});
