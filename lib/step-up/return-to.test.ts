import { describe, expect, it } from "vitest";
import { safeReturnTo, stepUpPath } from "./return-to";

describe("safeReturnTo", () => {
  it.each([
    ["/admin", "/admin"],
    ["/admin/users?page=2", "/admin/users?page=2"],
    ["/account/security", "/account/security"],
  ])("keeps a local path %s", (raw, expected) => expect(safeReturnTo(raw)).toBe(expected));
  it.each(["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/%2F%2Fevil", "/a/../..", "", 42])(
    "falls back to /account for %s",
    (raw) => {
      expect(safeReturnTo(raw)).toBe("/account");
    },
  );
  it("builds the step-up address", () => {
    expect(stepUpPath("admin.access", "/admin?x=1")).toBe("/step-up?policy=admin.access&returnTo=%2Fadmin%3Fx%3D1");
  });
});
