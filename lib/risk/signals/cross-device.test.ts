import { describe, expect, it } from "vitest";
import { crossDeviceApprovalSignal } from "./cross-device";
import { at, sampleEvent, sampleRiskInput, USER_AGENTS } from "./sample-risk-input";

const approvedFrom = (ip: string) =>
  sampleRiskInput({
    attempt: { approval: { ip, userAgent: USER_AGENTS.safariIphone, deviceHash: null, at: at(30) } },
    events: [
      sampleEvent("crossdevice.requested", 20, { ip }),
      sampleEvent("crossdevice.approved", 30, { ip, userAgent: USER_AGENTS.safariIphone }),
    ],
  });

describe("crossDeviceApprovalSignal", () => {
  it("stays quiet for a same-browser sign-in", () => {
    expect(crossDeviceApprovalSignal(sampleRiskInput())).toBeNull();
  });
  it("notes an approval from the same network lightly", () => {
    expect(crossDeviceApprovalSignal(approvedFrom("203.0.113.99"))).toEqual({
      signal: "cross-device-approval",
      weight: 10,
      reason: "Approved from another device (Safari on iOS, 203.0.113.99).",
    });
  });
  it("weighs an approval from another network more", () => {
    expect(crossDeviceApprovalSignal(approvedFrom("198.51.100.4"))).toEqual({
      signal: "cross-device-approval",
      weight: 20,
      reason: "Approved from another device (Safari on iOS, 198.51.100.4) on a different network than the request (203.0.113.0/24).",
    });
  });
  it("falls back to the event's device when the attempt row has no approver", () => {
    const input = sampleRiskInput({
      events: [sampleEvent("crossdevice.approved", 30, { ip: "198.51.100.4", userAgent: USER_AGENTS.chromeWindows })],
    });
    expect(crossDeviceApprovalSignal(input)?.reason).toContain("Chrome on Windows, 198.51.100.4");
  });
  it("reports a wrong-number denial", () => {
    const input = sampleRiskInput({ events: [sampleEvent("crossdevice.denied", 30)] });
    expect(crossDeviceApprovalSignal(input)).toMatchObject({ signal: "cross-device-approval", weight: 30 });
  });
});
