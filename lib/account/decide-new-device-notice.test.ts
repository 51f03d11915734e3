import { describe, expect, it } from "vitest";
import { decideNewDeviceNotice, type NewDeviceFacts } from "./decide-new-device-notice";

const laptop = "hash-of-laptop-binding";

function facts(overrides: Partial<NewDeviceFacts> = {}): NewDeviceFacts {
  return { deviceHash: laptop, device: null, earlierDevices: 1, riskLevel: null, ...overrides };
}

describe("decideNewDeviceNotice", () => {
  it("stays quiet on the account's very first sign-in: the reader of the notice is the one who just signed in", () => {
    expect(decideNewDeviceNotice(facts({ earlierDevices: 0 }))).toEqual({ notify: false, reason: "first-sign-in" });
  });

  it("stays quiet on a first sign-in even without a binding cookie", () => {
    expect(decideNewDeviceNotice(facts({ earlierDevices: 0, deviceHash: null }))).toEqual({ notify: false, reason: "first-sign-in" });
  });

  it("tells the owner about a browser that never signed in to the account before", () => {
    expect(decideNewDeviceNotice(facts({ earlierDevices: 3 }))).toEqual({ notify: true, reason: "new-device" });
  });

  it("tells the owner about a sign-in from a browser it cannot recognise (no binding cookie)", () => {
    expect(decideNewDeviceNotice(facts({ deviceHash: null }))).toEqual({ notify: true, reason: "unidentified-browser" });
  });

  it("stays quiet when a browser that signed in before signs in again", () => {
    expect(decideNewDeviceNotice(facts({ device: { revoked: false } }))).toEqual({ notify: false, reason: "known-device" });
  });

  it("treats a browser the owner told us to forget as new", () => {
    expect(decideNewDeviceNotice(facts({ device: { revoked: true } }))).toEqual({ notify: true, reason: "forgotten-device" });
  });

  it("treats the only, forgotten browser of an account as new rather than as a first sign-in", () => {
    expect(decideNewDeviceNotice(facts({ earlierDevices: 0, device: { revoked: true } }))).toEqual({
      notify: true,
      reason: "forgotten-device",
    });
  });

  it("tells the owner about a risky sign-in even from a known browser", () => {
    for (const riskLevel of ["ELEVATED", "HIGH"] as const) {
      expect(decideNewDeviceNotice(facts({ device: { revoked: false }, riskLevel }))).toEqual({ notify: true, reason: "risky-sign-in" });
    }
  });

  it("does not notify a low-risk sign-in from a known browser, nor one that was not scored", () => {
    expect(decideNewDeviceNotice(facts({ device: { revoked: false }, riskLevel: "LOW" })).notify).toBe(false);
    expect(decideNewDeviceNotice(facts({ device: { revoked: false }, riskLevel: undefined })).notify).toBe(false);
  });

  it("names the new device as the reason when a new browser's sign-in is also risky", () => {
    expect(decideNewDeviceNotice(facts({ riskLevel: "HIGH" }))).toEqual({ notify: true, reason: "new-device" });
  });
});
