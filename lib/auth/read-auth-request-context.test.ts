import { describe, expect, it } from "vitest";
import { grantTokenIn } from "./read-auth-request-context";

/** How @auth/core builds the query its email callback reads `token` from (lib/utils/web.js). */
const authJsQueryToken = (url: string) => Object.fromEntries(new URL(url).searchParams).token ?? null;

describe("grantTokenIn", () => {
  const callback = "http://localhost:3000/api/auth/callback/nodemailer";

  it.each([
    [`${callback}?token=abc&email=a%40example.com&callbackUrl=%2Faccount`, "abc"],
    [`${callback}?token=first&token=second`, "second"],
    [`${callback}?email=a%40example.com`, null],
    [`${callback}?token=`, null],
    ["http://localhost:3000/api/auth/session", null],
  ])("reads %s as Auth.js does", (url, token) => {
    expect(grantTokenIn(url)).toBe(token);
    expect(grantTokenIn(url)).toBe(authJsQueryToken(url) || null);
  });
});
