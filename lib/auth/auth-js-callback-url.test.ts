import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { dropCallbackUrlsAuthJsRejects } from "./auth-js-callback-url";

const callback = (query: string, cookie?: string) =>
  new NextRequest(`http://localhost:3000/api/auth/callback/nodemailer?token=t&${query}`, { headers: cookie ? { cookie } : {} });

describe("dropCallbackUrlsAuthJsRejects", () => {
  it.each(["callbackUrl=%2Faccount", "callbackUrl=https%3A%2F%2Fevil.example%2F", "email=a%40b.c"])(
    "leaves a request Auth.js accepts untouched (%s)",
    (query) => {
      const request = callback(query, "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2Faccount");
      expect(dropCallbackUrlsAuthJsRejects(request)).toBe(request);
    },
  );

  it.each(["javascript%3Aalert(1)", "%0D%0A", "%3C%3C", "http%3A%2F%2F%5B", "mailto%3Ax%40y.z"])(
    "drops a callbackUrl Auth.js would answer 500 for (%s)",
    (value) => {
      const safe = dropCallbackUrlsAuthJsRejects(callback(`callbackUrl=${value}&email=a%40b.c`));
      expect(safe.nextUrl.searchParams.has("callbackUrl")).toBe(false);
      expect(safe.nextUrl.searchParams.get("email")).toBe("a@b.c");
    },
  );

  it("drops only a bad callback-url cookie and keeps the others byte for byte", () => {
    const safe = dropCallbackUrlsAuthJsRejects(callback("x=1", "device=abc%7C1; authjs.callback-url=javascript:alert(1); other=2"));
    expect(safe.headers.get("cookie")).toBe("device=abc%7C1; other=2");
  });
});
