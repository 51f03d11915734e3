import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK_PATH, safeCallbackPath } from "./callback-path";

const ALLOW = ["/account", "/admin"];

describe("safeCallbackPath: allowed", () => {
  it.each([
    ["/account", "/account"],
    ["/account/security", "/account/security"],
    ["/account/", "/account/"],
    ["/admin", "/admin"],
    ["/admin/attempts", "/admin/attempts"],
    ["/admin/attempts/ckx123abc", "/admin/attempts/ckx123abc"],
    ["/account?x=1", "/account?x=1"],
    ["/account?tab=sessions&sort=-date", "/account?tab=sessions&sort=-date"],
    ["/account?next=%2Fadmin", "/account?next=%2Fadmin"],
    ["/account#section", "/account"],
    ["/account?x=1#frag", "/account?x=1"],
    ["/account#//evil.example", "/account"],
  ])("%j → %j", (raw, expected) => {
    expect(safeCallbackPath(raw, ALLOW)).toBe(expected);
  });

  it("an allow-list entry with a trailing slash or spaces still matches", () => {
    expect(safeCallbackPath("/admin/users", [" /admin/ "])).toBe("/admin/users");
  });

  it('"/" on the allow-list admits any safe relative path, but never an unsafe one', () => {
    expect(safeCallbackPath("/anything/here", ["/"])).toBe("/anything/here");
    expect(safeCallbackPath("//evil.example", ["/"])).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("accepts exactly 512 characters", () => {
    const raw = `/account/${"a".repeat(512 - 9)}`;
    expect(raw).toHaveLength(512);
    expect(safeCallbackPath(raw, ALLOW)).toBe(raw);
  });
});

describe("safeCallbackPath: falls back to /account", () => {
  it.each([
    ["https://evil.example"],
    ["http://evil.example/account"],
    ["//evil.example"],
    ["//evil.example/account"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/account\\..\\admin"],
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)//account"],
    ["data:text/html,hi"],
    ["account"],
    ["./account"],
    ["../account"],
    [" /account"],
    ["/account "],
    ["/%2f%2fevil.example"],
    ["/%2F%2Fevil.example"],
    ["/account/%2e%2e/admin"],
    ["/account%2F..%2Fadmin"],
    ["/%5cevil.example"],
    ["/account/../admin"],
    ["/account/./x"],
    ["/account/.."],
    ["/account//x"],
    ["/accountevil"],
    ["/accounts"],
    ["/admi"],
    ["/"],
    ["/settings"],
    ["/account\r\nSet-Cookie: x=1"],
    ["/account\t"],
    ["/account\u0000"],
    ["/account?x=1\r\nLocation: //evil"],
    ["/account?x=<script>"],
    ['/account?x="y"'],
    ["/account?x=a b"],
    ["/account?x=\\evil"],
    ["/acc\u043eunt"],
    ["/account/\uff0fevil"],
    ["/account:evil"],
    [""],
  ])("%j", (raw) => {
    expect(safeCallbackPath(raw, ALLOW)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it.each([[undefined], [null], [42], [["/admin"]], [{ toString: () => "/admin" }]])("non-string %j", (raw) => {
    expect(safeCallbackPath(raw, ALLOW)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("refuses anything over 512 characters", () => {
    expect(safeCallbackPath(`/account/${"a".repeat(512 - 8)}`, ALLOW)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("refuses everything with an empty allow-list, and ignores non-path entries", () => {
    expect(safeCallbackPath("/account", [])).toBe(DEFAULT_CALLBACK_PATH);
    expect(safeCallbackPath("/admin", ["admin", ""])).toBe(DEFAULT_CALLBACK_PATH);
  });
});
