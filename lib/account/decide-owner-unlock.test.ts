import { describe, expect, it } from "vitest";
import { decideOwnerUnlock, lockKindOf, type OwnerUnlockFacts } from "./decide-owner-unlock";

const OWNER = "the owner reported a sign-in they did not make";
const byCode: OwnerUnlockFacts = {
  via: "code",
  budget: "reserved",
  accountFound: true,
  lock: "owner-reported",
  streakOpen: true,
  factorProven: true,
};
const byPasskey: OwnerUnlockFacts = {
  via: "passkey",
  budget: "not-needed",
  accountFound: true,
  lock: "owner-reported",
  streakOpen: null,
  factorProven: true,
};

describe("lockKindOf", () => {
  it("tells the owner's lock from an administrator's by the reason the 'this wasn't me' click writes", () => {
    expect(lockKindOf({ lockedAt: null, lockReason: null }, OWNER)).toBe("none");
    expect(lockKindOf({ lockedAt: null, lockReason: OWNER }, OWNER)).toBe("none");
    expect(lockKindOf({ lockedAt: new Date(), lockReason: OWNER }, OWNER)).toBe("owner-reported");
    expect(lockKindOf({ lockedAt: new Date(), lockReason: "fraud review" }, OWNER)).toBe("admin");
    expect(lockKindOf({ lockedAt: new Date(), lockReason: null }, OWNER)).toBe("admin");
    // Only the exact words count (and an administrator's lock never carries them: account-lock.ts).
    expect(lockKindOf({ lockedAt: new Date(), lockReason: `${OWNER} ` }, OWNER)).toBe("admin");
  });
});

describe("decideOwnerUnlock with a typed code", () => {
  it("unlocks an owner-reported lock when the code is right and the budgets had room", () => {
    expect(decideOwnerUnlock(byCode)).toEqual({ action: "unlock", answer: "checked" });
  });

  it("gives one answer for an unknown address, no lock, an administrator's lock, codes switched off and a wrong code", () => {
    const refusals = [
      decideOwnerUnlock({ ...byCode, accountFound: false, lock: null, streakOpen: null, factorProven: null }),
      decideOwnerUnlock({ ...byCode, lock: "none", streakOpen: null }),
      decideOwnerUnlock({ ...byCode, lock: "admin", streakOpen: null }),
      decideOwnerUnlock({ ...byCode, streakOpen: false, factorProven: null }),
      decideOwnerUnlock({ ...byCode, factorProven: false }),
    ];
    expect(refusals.map((decision) => (decision.action === "refuse" ? decision.reason : decision.action))).toEqual([
      "unknown-account",
      "not-locked",
      "admin-lock",
      "codes-switched-off",
      "factor-not-proven",
    ]);
    // The same words as a success: only the owner's mailbox learns which it was.
    expect(new Set(refusals.map((decision) => decision.answer))).toEqual(new Set(["checked"]));
  });

  it("never lifts an administrator's lock, even with the right code", () => {
    expect(decideOwnerUnlock({ ...byCode, lock: "admin" })).toMatchObject({ action: "refuse", reason: "admin-lock" });
  });

  it("answers a spent or unreachable budget before anything about the account", () => {
    expect(decideOwnerUnlock({ ...byCode, budget: "paused", accountFound: false })).toEqual({
      action: "refuse",
      reason: "paused",
      answer: "paused",
    });
    expect(decideOwnerUnlock({ ...byCode, budget: "unavailable", lock: "admin" })).toEqual({
      action: "refuse",
      reason: "unavailable",
      answer: "unavailable",
    });
    expect(decideOwnerUnlock({ ...byCode, budget: "not-needed" })).toMatchObject({ action: "refuse", answer: "unavailable" });
  });

  it("never signs anyone in: a right code on an unlocked account does nothing", () => {
    expect(decideOwnerUnlock({ ...byCode, lock: "none" })).toMatchObject({ action: "refuse", reason: "not-locked", answer: "checked" });
  });

  it("never unlocks on a fact it did not learn", () => {
    for (const key of ["accountFound", "lock", "streakOpen", "factorProven"] as const) {
      expect(decideOwnerUnlock({ ...byCode, [key]: null }).action, key).toBe("refuse");
    }
  });
});

describe("decideOwnerUnlock with a passkey", () => {
  it("unlocks an owner-reported lock and continues into a sign-in", () => {
    expect(decideOwnerUnlock(byPasskey)).toEqual({ action: "unlock", answer: "signed-in" });
  });

  it("signs in the owner of an account that is not locked, as /signin would", () => {
    expect(decideOwnerUnlock({ ...byPasskey, lock: "none" })).toEqual({ action: "sign-in", answer: "signed-in" });
  });

  it("refuses an unknown or unverified passkey and an administrator's lock with the passkey sign-in's one answer", () => {
    const refusals = [
      decideOwnerUnlock({ ...byPasskey, accountFound: false, lock: null, factorProven: null }),
      decideOwnerUnlock({ ...byPasskey, factorProven: false }),
      decideOwnerUnlock({ ...byPasskey, lock: "admin" }),
    ];
    expect(refusals.map((decision) => (decision.action === "refuse" ? decision.reason : decision.action))).toEqual([
      "unknown-account",
      "factor-not-proven",
      "admin-lock",
    ]);
    expect(new Set(refusals.map((decision) => decision.answer))).toEqual(new Set(["refused"]));
  });

  it("says nothing about the lock of an account whose passkey did not prove itself", () => {
    expect(decideOwnerUnlock({ ...byPasskey, lock: "none", factorProven: false })).toMatchObject({
      action: "refuse",
      reason: "factor-not-proven",
    });
    expect(decideOwnerUnlock({ ...byPasskey, lock: "admin", factorProven: null })).toMatchObject({
      action: "refuse",
      reason: "factor-not-proven",
    });
  });

  it("has no budget of its own to spend (the passkey sign-in limits apply at the route)", () => {
    expect(decideOwnerUnlock({ ...byPasskey, budget: "paused" })).toEqual({ action: "unlock", answer: "signed-in" });
  });
});
