import { usesSecureCookies } from "../env";

/**
 * Cookie names. Over HTTPS they carry the __Host- prefix (Secure, Path=/, no Domain), which
 * browsers enforce; plain http only happens in local development, where the prefix is not allowed.
 */
function named(base: string): string {
  return usesSecureCookies() ? `__Host-${base}` : base;
}

export const cookieNames = {
  /** The browser's binding secret: proves a later click or code comes from the browser that asked. */
  device: () => named("device"),
  /** Which attempt the "check your email" tab is waiting on. */
  pendingAttempt: () => named("signin-attempt"),
  session: () => named("authjs.session-token"),
  csrf: () => named("authjs.csrf-token"),
  callbackUrl: () => named("authjs.callback-url"),
};

export function cookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, secure: usesSecureCookies(), sameSite: "lax" as const, path: "/", maxAge: maxAgeSeconds };
}

export const DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600;
