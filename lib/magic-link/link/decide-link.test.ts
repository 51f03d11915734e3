import { describe, expect, it } from "vitest";
import { attempt, CLOSED, MINE, minutes, NOW, OPEN_STATUSES, OTHER, POLICIES, settings } from "@/test/support/attempt-facts";
import { decideLinkOpen, decideLinkRedemption } from "./decide-link";

describe("decideLinkOpen", () => {
  it.each(CLOSED)("%s → failed", (_, facts, reason) => {
    expect(decideLinkOpen(facts, { bindingHash: MINE }, settings(), NOW)).toEqual({ kind: "failed", reason });
  });

  it.each(OPEN_STATUSES)("same browser, %s, a millisecond before expiry → redeem here", (status) => {
    const facts = attempt({ status, expiresAt: new Date(NOW.getTime() + 1) });
    for (const crossDevicePolicy of POLICIES) {
      expect(decideLinkOpen(facts, { bindingHash: MINE }, settings({ crossDevicePolicy }), NOW)).toEqual({ kind: "redeem-here" });
    }
  });

  it.each([
    ["allow", { kind: "confirm-other-device" }],
    ["approve", { kind: "approve-for-original" }],
    ["strict", { kind: "refuse-other-device", reason: "other-browser" }],
  ] as const)("another browser under %s", (crossDevicePolicy, expected) => {
    expect(decideLinkOpen(attempt(), { bindingHash: OTHER }, settings({ crossDevicePolicy }), NOW)).toEqual(expected);
    expect(decideLinkOpen(attempt(), { bindingHash: null }, settings({ crossDevicePolicy }), NOW)).toEqual(expected);
  });

  it("an empty binding never matches, not even an empty stored one", () => {
    expect(decideLinkOpen(attempt({ bindingHash: "" }), { bindingHash: "" }, settings(), NOW)).toEqual({ kind: "approve-for-original" });
  });

  it("a link that already approved the original tab cannot start another approval", () => {
    const approved = attempt({ status: "AWAITING_APPROVAL", approvalRequestedAt: minutes(-2), approvedAt: minutes(-1) });
    expect(decideLinkOpen(approved, { bindingHash: OTHER }, settings(), NOW)).toEqual({ kind: "failed", reason: "already-used" });
    expect(decideLinkOpen(approved, { bindingHash: MINE }, settings(), NOW)).toEqual({ kind: "redeem-here" });
  });
});

describe("decideLinkRedemption", () => {
  it.each(CLOSED)("%s → refused", (_, facts, reason) => {
    expect(
      decideLinkRedemption(facts, { bindingHash: MINE, confirmedOtherDevice: true }, settings({ crossDevicePolicy: "allow" }), NOW),
    ).toEqual({ allowed: false, reason });
  });

  it.each(OPEN_STATUSES)("same browser, %s → allowed, with or without confirmation", (status) => {
    for (const confirmedOtherDevice of [true, false]) {
      expect(decideLinkRedemption(attempt({ status }), { bindingHash: MINE, confirmedOtherDevice }, settings(), NOW)).toEqual({
        allowed: true,
        via: "same-browser",
      });
    }
  });

  it("another device is signed in only under allow AND after explicit confirmation", () => {
    const allow = settings({ crossDevicePolicy: "allow" });
    expect(decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: true }, allow, NOW)).toEqual({
      allowed: true,
      via: "other-device-confirmed",
    });
    expect(decideLinkRedemption(attempt(), { bindingHash: null, confirmedOtherDevice: true }, allow, NOW)).toEqual({
      allowed: true,
      via: "other-device-confirmed",
    });
    expect(decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: false }, allow, NOW)).toEqual({
      allowed: false,
      reason: "other-browser",
    });
  });

  it.each(["approve", "strict"] as const)("another device under %s is refused even when it says it confirmed", (crossDevicePolicy) => {
    expect(
      decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: true }, settings({ crossDevicePolicy }), NOW),
    ).toEqual({ allowed: false, reason: "other-browser" });
  });

  it("a link already spent on approving the original tab cannot sign another device in", () => {
    const approved = attempt({ status: "AWAITING_APPROVAL", approvedAt: minutes(-1) });
    expect(
      decideLinkRedemption(approved, { bindingHash: OTHER, confirmedOtherDevice: true }, settings({ crossDevicePolicy: "allow" }), NOW),
    ).toEqual({ allowed: false, reason: "already-used" });
  });
});
