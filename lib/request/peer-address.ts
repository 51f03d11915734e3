import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The app's request hook (lib/request/stamp-requests.ts), which sees the socket under any
 * Node.js server, tells the app the peer's address in this header as "<secret> <address>",
 * overwriting anything a client sent. The secret is generated at each start and handed to the
 * app (same process) as PEER_ADDRESS_SECRET, so where the hook never ran the header is never
 * believed, whoever sends it.
 */
export const PEER_ADDRESS_HEADER = "x-peer-address";

/** The address the request hook vouched for, or null when the header is absent, malformed or not proven. */
export function verifiedPeerAddress(headerValue: string | null, secret: string | undefined): string | null {
  if (!headerValue || !secret) return null;
  const space = headerValue.indexOf(" ");
  if (space < 0) return null;
  const [offered, address] = [headerValue.slice(0, space), headerValue.slice(space + 1)];
  return sameSecret(offered, secret) && address ? address : null;
}

function sameSecret(offered: string, secret: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(offered), digest(secret));
}
