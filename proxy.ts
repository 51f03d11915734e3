import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/content-security-policy";

/**
 * Gives every page a fresh CSP nonce. Next.js reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own scripts; the same policy goes out on the
 * answer. Pages are rendered per request anyway (app/layout.tsx), so nothing is lost to caching.
 */
export function proxy(request: NextRequest) {
  const policy = pageContentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV !== "production" });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: route handlers get a fixed policy from next.config.ts, build assets none.
  matcher: ["/((?!api/|_next/static|_next/image|icon\\.svg|favicon\\.ico).*)"],
};
