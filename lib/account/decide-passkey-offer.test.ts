import { describe, expect, it } from "vitest";
import { decidePasskeyOffer } from "./decide-passkey-offer";

describe("decidePasskeyOffer", () => {
  it("offers a first passkey after an email sign-in to an account without one", () => {
    expect(decidePasskeyOffer({ amr: ["email"] }, { passkeys: 0 })).toEqual({ offer: true, firstPasskey: true });
    expect(decidePasskeyOffer({ amr: [] }, { passkeys: 0 })).toEqual({ offer: true, firstPasskey: true });
  });

  it("offers one for this device after an email sign-in to an account that has passkeys elsewhere", () => {
    expect(decidePasskeyOffer({ amr: ["email"] }, { passkeys: 2 })).toEqual({ offer: true, firstPasskey: false });
    expect(decidePasskeyOffer({ amr: ["email", "totp"] }, { passkeys: 1 })).toEqual({ offer: true, firstPasskey: false });
  });

  it("offers nothing to a session that signed in or stepped up with a passkey", () => {
    expect(decidePasskeyOffer({ amr: ["passkey"] }, { passkeys: 1 })).toEqual({ offer: false });
    expect(decidePasskeyOffer({ amr: ["email", "passkey"] }, { passkeys: 1 })).toEqual({ offer: false });
  });
});
