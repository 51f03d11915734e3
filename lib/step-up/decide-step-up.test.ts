import { describe, expect, it } from "vitest";
import { decideStepUp, type StepUpFacts } from "./decide-step-up";
import { stepUpPolicies, type StepUpPolicyName } from "./policies";

// The shipped defaults (lib/env.ts): admin 12 h and 30 min idle, sensitive changes 5 min.
const policies = stepUpPolicies({
  adminMaxAgeMinutes: 12 * 60,
  adminIdleMinutes: 30,
  sensitiveMaxAgeMinutes: 5,
  signInFactor: "require-factor-on-new-device",
});
const now = new Date("2026-03-01T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const noFactor = { passkey: false, totp: false, recoveryCodes: false };
const passkeyOnly = { passkey: true, totp: false, recoveryCodes: false };
const totpWithCodes = { passkey: false, totp: true, recoveryCodes: true };
const everything = { passkey: true, totp: true, recoveryCodes: true };

function facts(overrides: Partial<StepUpFacts> = {}): StepUpFacts {
  return { signedInAt: ago(1), proofs: {}, lastUsed: {}, enrolled: passkeyOnly, isAdmin: false, ...overrides };
}
const decide = (name: StepUpPolicyName, f: StepUpFacts) => decideStepUp(policies[name], f, now);

describe("admin.access: passkey or TOTP within 12 h, re-prompt after 30 min idle", () => {
  it("refuses an account with no factor, whatever the email proof, and offers nothing to step up with", () => {
    expect(decide("admin.access", facts({ enrolled: noFactor, signedInAt: now, proofs: { "email-code": now } }))).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: [],
      reason: "no-factor",
    });
  });
  it("asks a fresh magic-link session with a factor to step up, offering only the factors it holds", () => {
    expect(decide("admin.access", facts({ signedInAt: now }))).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: ["passkey"],
      reason: "no-proof",
    });
    expect(decide("admin.access", facts({ enrolled: totpWithCodes }))).toMatchObject({ acceptedMethods: ["totp", "recovery-code"] });
    expect(decide("admin.access", facts({ enrolled: everything }))).toMatchObject({
      acceptedMethods: ["passkey", "totp", "recovery-code"],
    });
  });
  it("never takes an email code as admin proof", () => {
    expect(decide("admin.access", facts({ proofs: { "email-code": ago(1) } }))).toMatchObject({ allowed: false, reason: "no-proof" });
  });
  it("accepts a passkey, TOTP or recovery code proof", () => {
    expect(decide("admin.access", facts({ proofs: { passkey: ago(1) } }))).toEqual({
      allowed: true,
      provenBy: "passkey",
      provenAt: ago(1),
    });
    expect(decide("admin.access", facts({ enrolled: totpWithCodes, proofs: { totp: ago(2) } }))).toMatchObject({
      allowed: true,
      provenBy: "totp",
    });
    expect(decide("admin.access", facts({ enrolled: totpWithCodes, proofs: { "recovery-code": ago(2) } }))).toMatchObject({
      allowed: true,
      provenBy: "recovery-code",
    });
  });
  it("lapses at exactly 12 hours, even when used continuously", () => {
    const busy = { "admin.access": ago(1) };
    expect(decide("admin.access", facts({ proofs: { passkey: ago(12 * 60 - 1) }, lastUsed: busy }))).toMatchObject({ allowed: true });
    expect(decide("admin.access", facts({ proofs: { passkey: ago(12 * 60) }, lastUsed: busy }))).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: ["passkey"],
      reason: "proof-expired",
    });
  });
  it("re-prompts after 30 minutes without admin use, counting from the proof or the last use", () => {
    expect(decide("admin.access", facts({ proofs: { passkey: ago(29) } }))).toMatchObject({ allowed: true });
    expect(decide("admin.access", facts({ proofs: { passkey: ago(30) } }))).toMatchObject({ allowed: false, reason: "idle" });
    expect(decide("admin.access", facts({ proofs: { passkey: ago(120) }, lastUsed: { "admin.access": ago(29) } }))).toMatchObject({
      allowed: true,
    });
    expect(decide("admin.access", facts({ proofs: { passkey: ago(120) }, lastUsed: { "admin.access": ago(30) } }))).toMatchObject({
      allowed: false,
      reason: "idle",
    });
  });
  it("does not let use of another policy keep the admin proof alive", () => {
    expect(decide("admin.access", facts({ proofs: { passkey: ago(60) }, lastUsed: { "account.changeEmail": ago(1) } }))).toMatchObject({
      allowed: false,
      reason: "idle",
    });
  });
  it("picks the most recent proof when there are several", () => {
    expect(decide("admin.access", facts({ enrolled: everything, proofs: { passkey: ago(13 * 60), totp: ago(3) } }))).toEqual({
      allowed: true,
      provenBy: "totp",
      provenAt: ago(3),
    });
  });
  it("ignores proofs and activity dated in the future", () => {
    expect(decide("admin.access", facts({ proofs: { passkey: new Date(now.getTime() + 60_000) } }))).toMatchObject({
      allowed: false,
      reason: "no-proof",
    });
    expect(
      decide("admin.access", facts({ proofs: { passkey: ago(45) }, lastUsed: { "admin.access": new Date(now.getTime() + 60_000) } })),
    ).toMatchObject({ allowed: false, reason: "idle" });
  });
});

describe.each(["account.changeEmail", "account.manageFactors", "sessions.revokeOthers"] as const)(
  "%s: a proof within 5 minutes",
  (name) => {
    it("with a factor: accepts a strong proof younger than 5 minutes only", () => {
      expect(decide(name, facts({ proofs: { passkey: ago(4.99) } }))).toMatchObject({ allowed: true, provenBy: "passkey" });
      expect(decide(name, facts({ proofs: { passkey: ago(5) } }))).toEqual({
        allowed: false,
        required: true,
        acceptedMethods: ["passkey"],
        reason: "proof-expired",
      });
      expect(decide(name, facts({ enrolled: totpWithCodes, proofs: { "recovery-code": ago(1) } }))).toMatchObject({
        allowed: true,
        provenBy: "recovery-code",
      });
    });
    it("with a factor: a fresh sign-in or email code is not enough", () => {
      expect(decide(name, facts({ signedInAt: now, proofs: { "email-code": now } }))).toEqual({
        allowed: false,
        required: true,
        acceptedMethods: ["passkey"],
        reason: "no-proof",
      });
    });
    it("without a factor: the sign-in itself counts for 5 minutes (first enrolment right after sign-in)", () => {
      expect(decide(name, facts({ enrolled: noFactor, signedInAt: ago(4) }))).toEqual({
        allowed: true,
        provenBy: "sign-in",
        provenAt: ago(4),
      });
      expect(decide(name, facts({ enrolled: noFactor, signedInAt: ago(5) }))).toEqual({
        allowed: false,
        required: true,
        acceptedMethods: ["email-code"],
        reason: "proof-expired",
      });
    });
    it("without a factor: a fresh email code renews the proof", () => {
      expect(decide(name, facts({ enrolled: noFactor, signedInAt: ago(600), proofs: { "email-code": ago(1) } }))).toMatchObject({
        allowed: true,
        provenBy: "email-code",
      });
    });
    it("without a factor: a strong proof from before the factor was removed still counts", () => {
      expect(decide(name, facts({ enrolled: noFactor, signedInAt: ago(600), proofs: { passkey: ago(2) } }))).toMatchObject({
        allowed: true,
        provenBy: "passkey",
      });
    });
    it("has no idle rule", () => {
      expect(policies[name].idleMinutes).toBeUndefined();
    });
  },
);

describe("policy table", () => {
  it("reads its windows from the settings", () => {
    const custom = stepUpPolicies({
      adminMaxAgeMinutes: 60,
      adminIdleMinutes: 10,
      sensitiveMaxAgeMinutes: 2,
      signInFactor: "require-factor-on-new-device",
    });
    expect(custom["admin.access"]).toMatchObject({ maxAgeMinutes: 60, idleMinutes: 10, withoutFactor: "enrol-first" });
    expect(custom["account.manageFactors"]).toMatchObject({ maxAgeMinutes: 2, withoutFactor: "fresh-email" });
    expect(decideStepUp(custom["account.changeEmail"], facts({ proofs: { passkey: ago(2) } }), now)).toMatchObject({
      allowed: false,
      reason: "proof-expired",
    });
  });
  it("names every policy after its key", () => {
    for (const [name, policy] of Object.entries(policies)) expect(policy.name).toBe(name);
  });
});

describe("an administrator without a factor (account.manageFactors)", () => {
  const admin = (overrides: Partial<StepUpFacts> = {}) => facts({ enrolled: noFactor, isAdmin: true, signedInAt: now, ...overrides });

  it("is not let in by a fresh sign-in or an emailed code: the mailbox alone must not lead to the console", () => {
    expect(decide("account.manageFactors", admin())).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: ["admin-invitation"],
      reason: "needs-invitation",
    });
    expect(decide("account.manageFactors", admin({ proofs: { "email-code": now } }))).toMatchObject({
      allowed: false,
      reason: "needs-invitation",
    });
  });

  it("sets up a first factor within 5 minutes of redeeming an invitation", () => {
    expect(decide("account.manageFactors", admin({ proofs: { "admin-invitation": ago(4) } }))).toEqual({
      allowed: true,
      provenBy: "admin-invitation",
      provenAt: ago(4),
    });
    expect(decide("account.manageFactors", admin({ proofs: { "admin-invitation": ago(5) } }))).toMatchObject({
      allowed: false,
      reason: "proof-expired",
    });
  });

  it("an invitation opens nothing else: not other sensitive policies, not the console", () => {
    expect(decide("admin.access", admin({ proofs: { "admin-invitation": ago(1) } }))).toMatchObject({
      allowed: false,
      reason: "no-factor",
    });
    expect(decide("account.changeEmail", admin({ proofs: { "admin-invitation": ago(1) }, signedInAt: ago(30) }))).toMatchObject({
      allowed: false,
      reason: "proof-expired",
    });
  });

  it("once the administrator has a factor, the invitation no longer counts", () => {
    expect(decide("account.manageFactors", admin({ enrolled: passkeyOnly, proofs: { "admin-invitation": ago(1) } }))).toMatchObject({
      allowed: false,
      reason: "no-proof",
    });
  });

  it("a non-administrator keeps the emailed path", () => {
    expect(decide("account.manageFactors", admin({ isAdmin: false }))).toMatchObject({ allowed: true, provenBy: "sign-in" });
  });
});

describe("account.signIn: the sign-in step-up", () => {
  const held = (overrides: Partial<StepUpFacts> = {}) =>
    facts({ enrolled: totpWithCodes, signedInAt: now, awaitingSignInFactor: true, ...overrides });

  it("passes a session that was never held back at sign-in, with or without a factor", () => {
    expect(decide("account.signIn", facts({ signedInAt: ago(60 * 24) }))).toEqual({
      allowed: true,
      provenBy: "sign-in",
      provenAt: ago(60 * 24),
    });
    expect(decide("account.signIn", facts({ enrolled: noFactor }))).toMatchObject({ allowed: true });
  });

  it("holds a fresh email session back until a factor the account holds is proven", () => {
    expect(decide("account.signIn", held())).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: ["totp", "recovery-code"],
      reason: "no-proof",
    });
    expect(decide("account.signIn", held({ enrolled: passkeyOnly }))).toMatchObject({ allowed: false, acceptedMethods: ["passkey"] });
  });

  it("never takes the email sign-in or an emailed code in place of the factor", () => {
    expect(decide("account.signIn", held({ proofs: { "email-code": now } }))).toMatchObject({ allowed: false, reason: "no-proof" });
  });

  it("offers nothing when the account lost its factors meanwhile: signing in again decides afresh", () => {
    expect(decide("account.signIn", held({ enrolled: noFactor }))).toMatchObject({
      allowed: false,
      acceptedMethods: [],
      reason: "no-factor",
    });
  });

  it("carries its setting, SIGN_IN_FACTOR", () => {
    expect(
      stepUpPolicies({ adminMaxAgeMinutes: 1, adminIdleMinutes: 1, sensitiveMaxAgeMinutes: 1, signInFactor: "always" })["account.signIn"]
        .gatesSignIn,
    ).toBe("always");
  });
});
