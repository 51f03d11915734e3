import { describe, expect, it } from "vitest";
import { newInvitationCode, normaliseInvitationCode } from "./invitation-code";

describe("invitation codes", () => {
  it("are four groups of four unambiguous characters, different every time", () => {
    const codes = Array.from({ length: 200 }, newInvitationCode);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(200);
  });

  it("read back with any case, spaces or dashes", () => {
    expect(normaliseInvitationCode("ABCD-EFGH-JKMN-PQRS")).toBe("abcdefghjkmnpqrs");
    expect(normaliseInvitationCode(" abcd efgh jkmn pqrs ")).toBe("abcdefghjkmnpqrs");
  });

  it.each(["", "abcd-efgh-jkmn", "abcd-efgh-jkmn-pqrs-tuvw", "abcd-efgh-jkmn-pqr0", "abcd-efgh-jkmn-pqrl", "ab<d-efgh-jkmn-pqrs"])(
    "%j is not an invitation code",
    (input) => {
      expect(normaliseInvitationCode(input)).toBeNull();
    },
  );
});
