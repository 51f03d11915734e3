import { describe, expect, it } from "vitest";
import { decideSend } from "./decide-send";

const NOW = new Date("2026-11-29T10:00:00Z");
const later = new Date(NOW.getTime() + 60_000);
const earlier = new Date(NOW.getTime() - 1);
const suppression = { reason: "hard-bounce" as const, until: later };

describe("decideSend", () => {
  it("sends an open link that has not expired, and a message without a link", () => {
    for (const status of ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"]) {
      expect(decideSend({ attempt: { status, expiresAt: later }, suppression: null, now: NOW })).toEqual({ send: true });
    }
    expect(decideSend({ attempt: null, suppression: null, now: NOW })).toEqual({ send: true });
  });

  it("never sends a link that is superseded, cancelled, redeemed or locked, even before its expiry", () => {
    expect(decideSend({ attempt: { status: "SUPERSEDED", expiresAt: later }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-superseded",
    });
    expect(decideSend({ attempt: { status: "CANCELLED", expiresAt: later }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-cancelled",
    });
    expect(decideSend({ attempt: { status: "REDEEMED", expiresAt: later }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-redeemed",
    });
    expect(decideSend({ attempt: { status: "LOCKED", expiresAt: later }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-locked",
    });
  });

  it("never sends an expired link: at the exact expiry it is already too late", () => {
    expect(decideSend({ attempt: { status: "PENDING", expiresAt: earlier }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-expired",
    });
    expect(decideSend({ attempt: { status: "DELIVERY_FAILED", expiresAt: NOW }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-expired",
    });
  });

  it("does not send a link whose attempt is gone", () => {
    expect(decideSend({ attempt: { status: null, expiresAt: null }, suppression: null, now: NOW })).toEqual({
      send: false,
      reason: "link-missing",
    });
  });

  it("says why a closed link was dropped before mentioning a suppressed address", () => {
    expect(decideSend({ attempt: { status: "SUPERSEDED", expiresAt: later }, suppression, now: NOW })).toEqual({
      send: false,
      reason: "link-superseded",
    });
    expect(decideSend({ attempt: { status: "PENDING", expiresAt: earlier }, suppression, now: NOW })).toEqual({
      send: false,
      reason: "link-expired",
    });
  });

  it("does not send to a suppressed address, with or without a link", () => {
    expect(decideSend({ attempt: { status: "PENDING", expiresAt: later }, suppression, now: NOW })).toEqual({
      send: false,
      reason: "address-suppressed",
    });
    expect(decideSend({ attempt: null, suppression, now: NOW })).toEqual({ send: false, reason: "address-suppressed" });
  });
});
