import { describe, expect, it } from "vitest";
import { newAdminDeviceSignal } from "./new-admin-device";
import { sampleEvent, sampleRiskInput, USER_AGENTS } from "./sample-risk-input";

const signedInOn = (deviceHash: string, earlierSessionDevices: string[], accountIsAdmin = true) =>
  sampleRiskInput({
    attempt: { accountIsAdmin },
    events: [
      sampleEvent("attempt.redeemed", 40, { deviceHash }),
      sampleEvent("session.created", 41, { deviceHash, userAgent: USER_AGENTS.chromeWindows }),
    ],
    history: { earlierSessionDevices },
  });

describe("newAdminDeviceSignal", () => {
  it("ignores ordinary accounts", () => {
    expect(newAdminDeviceSignal(signedInOn("device-new", ["device-a"], false))).toBeNull();
  });
  it("stays quiet when an admin signs in on a known device", () => {
    expect(newAdminDeviceSignal(signedInOn("device-a", ["device-b", "device-a"]))).toBeNull();
  });
  it("fires for an admin's new device, naming it", () => {
    expect(newAdminDeviceSignal(signedInOn("device-new", ["device-a"]))).toEqual({
      signal: "new-admin-device",
      weight: 35,
      reason: "First sign-in to this admin account from this device (Chrome on Windows).",
    });
  });
  it("says so when it is the account's very first sign-in", () => {
    expect(newAdminDeviceSignal(signedInOn("device-new", []))?.reason).toBe(
      "First sign-in ever to this admin account (Chrome on Windows).",
    );
  });
  it("uses the redemption before the session exists, and nothing before redemption", () => {
    const redeemedOnly = sampleRiskInput({
      attempt: { accountIsAdmin: true },
      events: [sampleEvent("attempt.redeemed", 40, { deviceHash: "device-new" })],
      history: { earlierSessionDevices: ["device-a"] },
    });
    expect(newAdminDeviceSignal(redeemedOnly)?.signal).toBe("new-admin-device");
    const pending = sampleRiskInput({
      attempt: { accountIsAdmin: true, status: "PENDING", redemption: null },
      events: [sampleEvent("attempt.requested", 0)],
    });
    expect(newAdminDeviceSignal(pending)).toBeNull();
  });
});
