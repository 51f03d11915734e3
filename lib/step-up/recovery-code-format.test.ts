import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-code-format";

describe("recovery codes", () => {
  it("makes ten distinct, readable codes", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/);
  });
  it("accepts what people type: any case, spaces or dashes", () => {
    expect(normaliseRecoveryCode(" ABCDE-fghjk ")).toBe("abcdefghjk");
    expect(normaliseRecoveryCode("abcde fghjk")).toBe("abcdefghjk");
    expect(hashRecoveryCode("ABCDE-FGHJK")).toBe(hashRecoveryCode("abcdefghjk"));
  });
  it("refuses what cannot be a code", () => {
    for (const bad of ["", "abcde", "abcde-fghjk-x", "abcde-fghj0", "123456"]) expect(normaliseRecoveryCode(bad)).toBeNull();
  });
});
