import { NextResponse, type NextRequest } from "next/server";
import { cookieNames } from "@/lib/auth/cookie-names";
import { isDeviceSecret, newDeviceCookie } from "@/lib/request/device-secret";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/content-security-policy";

/**
 * Gives every page a fresh CSP nonce, and a browser without a binding secret its secret with
 * the page's answer, before any of the page's scripts can send requests side by side
 * (lib/request/device-secret.ts). Next.js reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own scripts; the same policy goes out on the
 * answer. Pages are rendered per request anyway (app/layout.tsx), so nothing is lost to caching.
 */
export function proxy(request: NextRequest) {
  const policy = pageContentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV !== "production" });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (!isDeviceSecret(request.cookies.get(cookieNames.device())?.value)) {
    const cookie = newDeviceCookie();
    response.cookies.set(cookie.name, cookie.value, cookie.options);
  }
  return response;
}

export const config = {
  // Pages only: route handlers get a fixed policy from next.config.ts, build assets none.
  matcher: ["/((?!api/|_next/static|_next/image|icon\\.svg|favicon\\.ico).*)"],
};
