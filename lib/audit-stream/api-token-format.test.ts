import { describe, expect, it } from "vitest";
import { API_TOKEN_PREFIX, bearerToken, newApiToken } from "./api-token-format";

describe("newApiToken", () => {
  it("is prefixed, carries 256 random bits and never repeats", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => newApiToken()));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
  });
});

describe("bearerToken", () => {
  const token = newApiToken();

  it("reads the token from a Bearer header", () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`  Bearer ${token} `)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["Basic credentials", `Basic ${Buffer.from("user:pass").toString("base64")}`],
    ["a token without the scheme", token],
    ["a lower-case scheme with the token missing", "bearer "],
    ["a token of another shape", "Bearer abc"],
    ["a token with something after it", `Bearer ${token}, Bearer ${token}`],
    ["a token one character short", `Bearer ${token.slice(0, -1)}`],
    ["a token with a newline in it", `Bearer ${token.slice(0, 10)}\n${token.slice(10)}`],
  ])("refuses %s", (_label, header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
