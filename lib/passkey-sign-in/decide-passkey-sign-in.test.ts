import { describe, expect, it } from "vitest";
import { decidePasskeySignIn, type PasskeySignInFacts } from "./decide-passkey-sign-in";

const good: PasskeySignInFacts = {
  challengeIssuedHere: true,
  firstUse: true,
  passkeyKnown: true,
  userHandleMatches: true,
  assertionVerified: true,
  accountLocked: false,
};

describe("decidePasskeySignIn", () => {
  it("signs in when every check passed", () => {
    expect(decidePasskeySignIn(good)).toEqual({ ok: true });
  });

  it("calls a missing, other browser's or reused challenge expired: it says nothing about any account", () => {
    expect(decidePasskeySignIn({ ...good, challengeIssuedHere: false, firstUse: null })).toEqual({
      ok: false,
      reason: "no-challenge",
      answer: "expired",
    });
    expect(decidePasskeySignIn({ ...good, firstUse: false })).toEqual({ ok: false, reason: "challenge-reused", answer: "expired" });
  });

  it("gives one answer for an unknown passkey, a wrong user handle, a bad signature and a locked account", () => {
    const refusals = [
      decidePasskeySignIn({ ...good, passkeyKnown: false, userHandleMatches: null, assertionVerified: null, accountLocked: null }),
      decidePasskeySignIn({ ...good, userHandleMatches: false, assertionVerified: null, accountLocked: null }),
      decidePasskeySignIn({ ...good, assertionVerified: false }),
      decidePasskeySignIn({ ...good, accountLocked: true }),
    ];
    expect(refusals.map((decision) => (decision.ok ? "ok" : decision.reason))).toEqual([
      "unknown-passkey",
      "user-handle-mismatch",
      "not-verified",
      "account-locked",
    ]);
    expect(new Set(refusals.map((decision) => (decision.ok ? "ok" : decision.answer)))).toEqual(new Set(["refused"]));
  });

  it("never signs in on a fact it did not learn", () => {
    const keys = Object.keys(good) as Array<keyof PasskeySignInFacts>;
    for (const key of keys) {
      const unknown = { ...good, [key]: key === "challengeIssuedHere" ? false : null };
      expect(decidePasskeySignIn(unknown).ok, key).toBe(false);
    }
  });

  it("checks the challenge before anything about the passkey", () => {
    expect(decidePasskeySignIn({ ...good, challengeIssuedHere: false, passkeyKnown: false, accountLocked: true })).toMatchObject({
      reason: "no-challenge",
    });
    expect(decidePasskeySignIn({ ...good, firstUse: false, assertionVerified: false })).toMatchObject({ reason: "challenge-reused" });
  });
});
