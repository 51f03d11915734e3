import { describe, expect, it } from "vitest";
import { isDeviceSecret, newDeviceCookie } from "./device-secret";

describe("binding secrets", () => {
  it("accepts only what this app mints: 43 base64url characters", () => {
    expect(isDeviceSecret(newDeviceCookie().value)).toBe(true);
    for (const value of [
      undefined,
      "",
      "short",
      "a".repeat(42),
      "a".repeat(44),
      `${"a".repeat(42)}=`,
      `${"a".repeat(42)}/`,
      `${"a".repeat(42)}+`,
    ]) {
      expect(isDeviceSecret(value), String(value)).toBe(false);
    }
  });

  it("mints a new secret each time, in an HttpOnly, SameSite=Lax cookie for the whole site that lasts 400 days", () => {
    const [first, second] = [newDeviceCookie(), newDeviceCookie()];
    expect(first.value).not.toBe(second.value);
    expect(first.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 400 * 24 * 3600 });
    expect(first.name).toMatch(/^(__Host-)?device$/);
  });
});
