import { cookieNames, cookieOptions, DEVICE_COOKIE_MAX_AGE } from "../auth/cookie-names";
import { randomToken } from "../security/secrets";

/** A binding secret as this app mints them (32 random bytes, base64url); anything else is replaced. */
export function isDeviceSecret(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * A new binding secret and the cookie that carries it. Pages hand one out with their first
 * answer (proxy.ts), so that the requests a page then sends at once (the passkey autofill's
 * options, the sign-in form) all carry the same secret instead of minting one each, of which
 * the browser would keep only the last to arrive.
 */
export function newDeviceCookie(): { name: string; value: string; options: ReturnType<typeof cookieOptions> } {
  return { name: cookieNames.device(), value: randomToken(), options: cookieOptions(DEVICE_COOKIE_MAX_AGE) };
}
