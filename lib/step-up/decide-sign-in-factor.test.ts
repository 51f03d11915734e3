import { describe, expect, it } from "vitest";
import { decideSignInFactor, type SignInFactorFacts } from "./decide-sign-in-factor";

const proven = new Date("2026-01-01T10:00:00Z");
const totpOnly = { passkey: false, totp: true };
const recognised = { factorProvenAt: proven, revoked: false };

function facts(overrides: Partial<SignInFactorFacts> = {}): SignInFactorFacts {
  return { amr: ["email"], enrolled: totpOnly, device: null, ...overrides };
}

describe("decideSignInFactor", () => {
  it("keeps today's flow for an account without a passkey or authenticator app, in every mode", () => {
    for (const mode of ["require-factor-on-new-device", "always", "never"] as const) {
      expect(decideSignInFactor(mode, facts({ enrolled: { passkey: false, totp: false } }))).toEqual({
        required: false,
        reason: "no-factor",
      });
    }
  });

  it("asks a browser that never signed in for the factor", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ device: null }))).toEqual({ required: true, reason: "new-device" });
  });

  it("asks a browser that signed in before by email only, without ever proving the factor", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ device: { factorProvenAt: null, revoked: false } }))).toEqual({
      required: true,
      reason: "new-device",
    });
  });

  it("lets a browser that proved the factor before in by email alone", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ device: recognised }))).toEqual({
      required: false,
      reason: "recognised-device",
    });
  });

  it("asks again once the owner revoked the recognised browser", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ device: { factorProvenAt: proven, revoked: true } }))).toEqual({
      required: true,
      reason: "new-device",
    });
  });

  it("counts a passkey as a factor as much as an authenticator app", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ enrolled: { passkey: true, totp: false } })).required).toBe(true);
  });

  it("asks a HIGH-risk sign-in for the factor even in a recognised browser, in every mode", () => {
    for (const mode of ["require-factor-on-new-device", "always", "never"] as const) {
      expect(decideSignInFactor(mode, facts({ device: recognised, risk: "HIGH" }))).toEqual({ required: true, reason: "high-risk" });
    }
  });

  it("lets a recognised browser in by email alone when the risk is only ELEVATED or LOW", () => {
    for (const risk of ["LOW", "ELEVATED", null] as const) {
      expect(decideSignInFactor("require-factor-on-new-device", facts({ device: recognised, risk }))).toEqual({
        required: false,
        reason: "recognised-device",
      });
    }
  });

  it("cannot ask a HIGH-risk sign-in for a factor the account does not have (device approval decides that case)", () => {
    expect(decideSignInFactor("always", facts({ enrolled: { passkey: false, totp: false }, risk: "HIGH" }))).toEqual({
      required: false,
      reason: "no-factor",
    });
  });

  it("asks nothing more of a HIGH-risk sign-in that already used a factor", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ amr: ["passkey"], risk: "HIGH" }))).toEqual({
      required: false,
      reason: "factor-in-sign-in",
    });
  });

  it("asks nothing more of a sign-in that already used a factor", () => {
    expect(decideSignInFactor("always", facts({ amr: ["passkey"] }))).toEqual({ required: false, reason: "factor-in-sign-in" });
    expect(decideSignInFactor("require-factor-on-new-device", facts({ amr: ["email", "totp"] }))).toEqual({
      required: false,
      reason: "factor-in-sign-in",
    });
  });

  it("does not take an emailed code for a factor", () => {
    expect(decideSignInFactor("require-factor-on-new-device", facts({ amr: ["email", "code", "email-code"] })).required).toBe(true);
  });

  it("'always' asks even a recognised browser", () => {
    expect(decideSignInFactor("always", facts({ device: recognised }))).toEqual({ required: true, reason: "setting-always" });
  });

  it("'never' lets the mailbox alone in, as before", () => {
    expect(decideSignInFactor("never", facts())).toEqual({ required: false, reason: "setting-never" });
  });
});
