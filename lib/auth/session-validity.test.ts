import { describe, expect, it } from "vitest";
import { decideSessionValidity } from "./session-validity";

const limits = { idleMinutes: 30, absoluteHours: 24 };
const start = new Date("2026-01-01T00:00:00Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const session = (overrides: Partial<Parameters<typeof decideSessionValidity>[0]> = {}) => ({
  createdAt: start,
  lastSeenAt: start,
  expires: at(60 * 48),
  userLocked: false,
  ...overrides,
});

describe("decideSessionValidity", () => {
  it("accepts a fresh session", () => {
    expect(decideSessionValidity(session(), limits, at(1))).toEqual({ valid: true });
  });
  it("ends a session idle for the idle window", () => {
    expect(decideSessionValidity(session(), limits, at(30))).toEqual({ valid: false, reason: "idle-timeout" });
    expect(decideSessionValidity(session({ lastSeenAt: at(20) }), limits, at(49))).toEqual({ valid: true });
  });
  it("ends a session at its absolute age even when active", () => {
    expect(decideSessionValidity(session({ lastSeenAt: at(24 * 60 - 1) }), limits, at(24 * 60))).toEqual({
      valid: false,
      reason: "absolute-timeout",
    });
  });
  it("ends a session past its cookie expiry", () => {
    expect(decideSessionValidity(session({ expires: at(5) }), limits, at(5))).toEqual({ valid: false, reason: "expired" });
  });
  it("ends every session of a locked account first", () => {
    expect(decideSessionValidity(session({ userLocked: true }), limits, at(1))).toEqual({ valid: false, reason: "account-locked" });
  });
});
