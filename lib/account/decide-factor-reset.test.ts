import { describe, expect, it } from "vitest";
import {
  decideResetCancel,
  describeFactors,
  decideResetRequest,
  isResetDue,
  isResetPending,
  resetEffectiveAt,
  timeLeft,
  type ResetRequestFacts,
} from "./decide-factor-reset";

const withFactors = (factors: Partial<{ passkeys: number; totp: boolean; recoveryCodes: number }>): ResetRequestFacts => ({
  actorUserId: "admin1",
  target: { id: "user1", factors: { passkeys: 0, totp: false, recoveryCodes: 0, ...factors } },
  pendingReset: false,
});

describe("decideResetRequest", () => {
  it("allows a reset of another account that has a passkey, an authenticator app or recovery codes", () => {
    expect(decideResetRequest(withFactors({ passkeys: 1 }))).toEqual({ ok: true });
    expect(decideResetRequest(withFactors({ totp: true }))).toEqual({ ok: true });
    expect(decideResetRequest(withFactors({ recoveryCodes: 3 }))).toEqual({ ok: true });
  });

  it("refuses the administrator's own account, even with factors", () => {
    const facts = withFactors({ totp: true });
    expect(decideResetRequest({ ...facts, actorUserId: "user1" })).toEqual({ ok: false, refusal: "own-account" });
  });

  it("refuses an account that does not exist", () => {
    expect(decideResetRequest({ actorUserId: "admin1", target: null, pendingReset: false })).toEqual({ ok: false, refusal: "not-found" });
  });

  it("refuses a second reset while one is pending", () => {
    expect(decideResetRequest({ ...withFactors({ totp: true }), pendingReset: true })).toEqual({ ok: false, refusal: "already-pending" });
  });

  it("refuses an account with nothing to reset", () => {
    expect(decideResetRequest(withFactors({}))).toEqual({ ok: false, refusal: "no-factors" });
  });

  it("judges own-account before pending, so an admin learns why, not a side detail", () => {
    expect(
      decideResetRequest({
        actorUserId: "user1",
        target: { id: "user1", factors: { passkeys: 0, totp: false, recoveryCodes: 0 } },
        pendingReset: true,
      }),
    ).toEqual({ ok: false, refusal: "own-account" });
  });
});

describe("the window", () => {
  const requestedAt = new Date("2026-11-29T10:00:00.000Z");

  it("takes effect the configured number of hours later", () => {
    expect(resetEffectiveAt(requestedAt, 24).toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(resetEffectiveAt(requestedAt, 1).toISOString()).toBe("2026-11-29T11:00:00.000Z");
  });

  const pending = { effectiveAt: new Date("2026-11-30T10:00:00.000Z"), cancelledAt: null, completedAt: null };

  it("is due only once effectiveAt has come, and only while pending", () => {
    expect(isResetDue(pending, new Date("2026-11-30T09:59:59.999Z"))).toBe(false);
    expect(isResetDue(pending, new Date("2026-11-30T10:00:00.000Z"))).toBe(true);
    expect(isResetDue({ ...pending, cancelledAt: requestedAt }, new Date("2026-12-01T00:00:00Z"))).toBe(false);
    expect(isResetDue({ ...pending, completedAt: new Date("2026-11-30T10:00:01Z") }, new Date("2026-12-01T00:00:00Z"))).toBe(false);
    expect(isResetPending(pending)).toBe(true);
  });

  it("can be cancelled until the last millisecond before it takes effect, and not after", () => {
    expect(decideResetCancel(pending, new Date("2026-11-30T09:59:59.999Z"))).toEqual({ ok: true });
    expect(decideResetCancel(pending, new Date("2026-11-30T10:00:00.000Z"))).toEqual({ ok: false, refusal: "too-late" });
  });

  it("cannot be cancelled twice, nor once it completed, nor without a reset", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(decideResetCancel({ ...pending, cancelledAt: now }, now)).toEqual({ ok: false, refusal: "already-cancelled" });
    expect(decideResetCancel({ ...pending, completedAt: now }, now)).toEqual({ ok: false, refusal: "already-completed" });
    expect(decideResetCancel(null, now)).toEqual({ ok: false, refusal: "invalid-link" });
  });
});

describe("timeLeft", () => {
  const at = new Date("2026-11-30T10:00:00Z");
  it("reads in hours and minutes, rounding down", () => {
    expect(timeLeft(at, new Date("2026-11-29T10:00:00Z"))).toBe("24 h");
    expect(timeLeft(at, new Date("2026-11-29T10:00:30Z"))).toBe("23 h 59 min");
    expect(timeLeft(at, new Date("2026-11-30T09:55:00Z"))).toBe("5 min");
    expect(timeLeft(at, new Date("2026-11-30T09:59:30Z"))).toBe("less than a minute");
    expect(timeLeft(at, new Date("2026-11-30T11:00:00Z"))).toBe("less than a minute");
  });
});

describe("describeFactors", () => {
  it("lists what there is, in plain words, leaving out what there is not", () => {
    expect(describeFactors({ passkeys: 0, totp: true, recoveryCodes: 10 })).toBe("the authenticator app and 10 recovery codes");
    expect(describeFactors({ passkeys: 1, totp: true, recoveryCodes: 1 })).toBe("1 passkey, the authenticator app and 1 recovery code");
    expect(describeFactors({ passkeys: 2, totp: false, recoveryCodes: 0 })).toBe("2 passkeys");
    expect(describeFactors({ passkeys: 0, totp: true, recoveryCodes: 0 }, "your authenticator app")).toBe("your authenticator app");
    expect(describeFactors({ passkeys: 0, totp: false, recoveryCodes: 0 })).toBe("no factor");
  });
});
