import { describe, expect, it } from "vitest";
import { generate } from "otplib";
import { matchTotpCode, newTotpSecret, totpUri } from "./totp";

const now = new Date("2026-03-01T12:00:10Z");
const stepOf = (date: Date) => Math.floor(date.getTime() / 30_000);
const codeAt = (secret: string, date: Date) => generate({ secret, epoch: Math.floor(date.getTime() / 1000) });

describe("TOTP", () => {
  it("makes 160-bit base32 secrets and an otpauth URI for the QR code", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, "ann@example.com", "Acme")).toMatch(/^otpauth:\/\/totp\/Acme:ann%40example\.com\?.*secret=/);
  });
  it("accepts the current code and one step either side, returning its time step", async () => {
    const secret = newTotpSecret();
    expect(await matchTotpCode(secret, await codeAt(secret, now), null, now)).toBe(stepOf(now));
    const previous = new Date(now.getTime() - 30_000);
    expect(await matchTotpCode(secret, await codeAt(secret, previous), null, now)).toBe(stepOf(previous));
    expect(await matchTotpCode(secret, await codeAt(secret, new Date(now.getTime() - 90_000)), null, now)).toBeNull();
  });
  it("never accepts a time step twice, nor an earlier one", async () => {
    const secret = newTotpSecret();
    const code = await codeAt(secret, now);
    expect(await matchTotpCode(secret, code, BigInt(stepOf(now)), now)).toBeNull();
    const previous = await codeAt(secret, new Date(now.getTime() - 30_000));
    expect(await matchTotpCode(secret, previous, BigInt(stepOf(now)), now)).toBeNull();
    const next = await codeAt(secret, new Date(now.getTime() + 30_000));
    expect(await matchTotpCode(secret, next, BigInt(stepOf(now)), now)).toBe(stepOf(now) + 1);
  });
  it("refuses malformed codes without throwing", async () => {
    const secret = newTotpSecret();
    for (const bad of ["", "12345", "1234567", "abcdef", "12 34 5x"]) expect(await matchTotpCode(secret, bad, null, now)).toBeNull();
  });
});
