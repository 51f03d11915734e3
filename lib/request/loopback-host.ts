import { isLoopbackHost } from "../env";

/**
 * True when a request's Host header names this machine's loopback ("localhost:3000",
 * "127.0.0.1", "[::1]:3000"). Development pages that show other people's mail answer only
 * then: a page reached over the LAN, or through a DNS name rebound to 127.0.0.1 by a hostile
 * site, carries another Host and is refused.
 */
export function isLoopbackHostHeader(host: string | null): boolean {
  if (!host || /[\s/@?#\\]/.test(host)) return false;
  try {
    const url = new URL(`http://${host}`);
    return url.host.toLowerCase() === host.toLowerCase() && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}
