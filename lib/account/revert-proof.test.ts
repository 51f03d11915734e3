import { describe, expect, it } from "vitest";
import { factorsAddedSince, passkeysBefore, revertProofMethods, type AccountFactors } from "./revert-proof";

const changedAt = new Date("2026-11-20T12:00:00Z");
const before = new Date("2026-11-01T00:00:00Z");
const after = new Date("2026-11-21T00:00:00Z");
const none: AccountFactors = { totpConfirmedAt: null, hasUnusedRecoveryCodes: false, passkeys: [] };

describe("revertProofMethods", () => {
  it("asks for nothing when the account had no factor before the change", () => {
    expect(revertProofMethods(none, changedAt)).toEqual([]);
  });

  it("asks for the authenticator app, or one of its recovery codes, when it predates the change", () => {
    expect(revertProofMethods({ ...none, totpConfirmedAt: before, hasUnusedRecoveryCodes: true }, changedAt)).toEqual([
      "totp",
      "recovery-code",
    ]);
    expect(revertProofMethods({ ...none, totpConfirmedAt: before, hasUnusedRecoveryCodes: false }, changedAt)).toEqual(["totp"]);
  });

  it("asks for a passkey that predates the change", () => {
    const factors = { ...none, passkeys: [{ id: "p1", name: "Laptop", createdAt: before }] };
    expect(revertProofMethods(factors, changedAt)).toEqual(["passkey"]);
  });

  it("ignores factors added at or after the change: whoever made it could have added them", () => {
    const factors: AccountFactors = {
      totpConfirmedAt: after,
      hasUnusedRecoveryCodes: true,
      passkeys: [{ id: "p2", name: "New", createdAt: changedAt }],
    };
    expect(revertProofMethods(factors, changedAt)).toEqual([]);
  });

  it("offers every factor the owner had", () => {
    const factors: AccountFactors = {
      totpConfirmedAt: before,
      hasUnusedRecoveryCodes: true,
      passkeys: [{ id: "p1", name: "Laptop", createdAt: before }],
    };
    expect(revertProofMethods(factors, changedAt)).toEqual(["totp", "recovery-code", "passkey"]);
  });
});

describe("passkeysBefore and factorsAddedSince", () => {
  const factors: AccountFactors = {
    totpConfirmedAt: after,
    hasUnusedRecoveryCodes: true,
    passkeys: [
      { id: "old", name: "Laptop", createdAt: before },
      { id: "new", name: "Unknown phone", createdAt: after },
    ],
  };

  it("splits passkeys at the change", () => {
    expect(passkeysBefore(factors, changedAt).map((passkey) => passkey.id)).toEqual(["old"]);
  });

  it("lists what was added since, for review", () => {
    expect(factorsAddedSince(factors, changedAt)).toEqual(["authenticator app", "passkey “Unknown phone”"]);
    expect(factorsAddedSince(none, changedAt)).toEqual([]);
  });
});
