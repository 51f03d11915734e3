import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, newNonce, pageContentSecurityPolicy } from "./content-security-policy";

const directive = (policy: string, name: string) => policy.split("; ").find((entry) => entry.startsWith(`${name} `));

describe("page content security policy", () => {
  it("lets scripts run only with this request's nonce, never inline without it", () => {
    const policy = pageContentSecurityPolicy({ nonce: "abc123==", development: false });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directive(policy, "script-src")).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(directive(pageContentSecurityPolicy({ nonce: "n", development: true }), "script-src")).toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins, foreign forms and base-URL tricks", () => {
    const policy = pageContentSecurityPolicy({ nonce: "n", development: false });
    for (const rule of ["frame-ancestors 'none'", "object-src 'none'", "form-action 'self'", "base-uri 'self'", "default-src 'self'"]) {
      expect(policy.split("; ")).toContain(rule);
    }
  });

  it("gives route handlers a policy that allows nothing to load", () => {
    expect(API_CONTENT_SECURITY_POLICY.split("; ")).toEqual(expect.arrayContaining(["default-src 'none'", "frame-ancestors 'none'"]));
  });
});

describe("nonce", () => {
  it("is 128 random bits in base64 and differs every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
