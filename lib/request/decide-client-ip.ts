import { normaliseIp, UNKNOWN_IP } from "./client-ip";
import { isInRanges, parseAddressRange, type AddressRange } from "./trusted-networks";

/**
 * Where the client address comes from: one declared source, nothing else (ASVS 4.1.3). Every
 * header a source does not name is ignored, however plausible it looks, since any client can
 * send any header.
 */
export const PLATFORM_IP_HEADERS = ["x-real-ip", "cf-connecting-ip", "fly-client-ip", "x-vercel-forwarded-for", "true-client-ip"] as const;
export const CLIENT_IP_SOURCES = ["socket", "x-forwarded-for", ...PLATFORM_IP_HEADERS] as const;
export type ClientIpSource = (typeof CLIENT_IP_SOURCES)[number];

export interface ClientIpFacts {
  /**
   * The socket's peer address, or null when it is not known: Next.js gives route handlers no
   * socket address, so the app's request hook tells it (lib/request/stamp-requests.ts, in a
   * header it proves with a per-process secret); null where that hook never ran.
   */
  peer: string | null;
  /** A request header's value (several of one name joined by commas), or null. */
  header(name: string): string | null;
}

export interface ClientIpPolicy {
  source: ClientIpSource;
  /** For "x-forwarded-for": the proxies whose entries are believed. */
  trustedProxies: readonly AddressRange[];
}

export function decideClientIp(policy: ClientIpPolicy, facts: ClientIpFacts): string {
  const peer = normaliseIp(facts.peer);
  if (policy.source === "socket") return peer ?? UNKNOWN_IP;
  if (policy.source === "x-forwarded-for") return fromForwardedFor(facts.header("x-forwarded-for"), peer, policy.trustedProxies);
  // A platform overwrites its header; should it append instead, the rightmost entry is its own.
  const entries = splitEntries(facts.header(policy.source));
  return normaliseIp(entries.at(-1)) ?? peer ?? UNKNOWN_IP;
}

/**
 * Each proxy appends the address it received the request from, so reading from the right,
 * every entry up to and including the first untrusted one was written by a trusted proxy: that
 * one is the client. Entries further left came from the client and are never read.
 * Examples with 10.0.0.0/8 trusted: "6.6.6.6, 203.0.113.7, 10.0.0.2" → 203.0.113.7.
 *
 * The peer must be a trusted proxy for any entry to count; a direct client is itself the
 * answer. With no peer known (plain `next start`, where Next.js fills the header from the
 * socket only when it is absent) the network must ensure that only the proxies reach the app.
 */
function fromForwardedFor(header: string | null, peer: string | null, trusted: readonly AddressRange[]): string {
  if (peer && !isInRanges(peer, trusted)) return peer;
  const entries = splitEntries(header);
  // The nearest hop known to be real: it wrote (or is) whatever comes next to its left.
  let nearest = peer ?? UNKNOWN_IP;
  for (let index = entries.length - 1; index >= 0; index--) {
    const address = normaliseIp(entries[index]);
    // A trusted proxy wrote junk (or did not write at all): nothing left of here can be believed.
    if (!address) return nearest;
    if (!isInRanges(address, trusted)) return address;
    nearest = address;
  }
  // Every hop is a trusted proxy: the request began at the furthest of them.
  return nearest;
}

/**
 * A sign of a proxy nobody declared, or one that adds no X-Forwarded-For entry: the "client"
 * is one of our own proxies (x-forwarded-for), or a loopback or private peer faces us where
 * clients were said to connect directly (socket). Then every client shares that one budget.
 */
export function clientIsAProxy(policy: ClientIpPolicy, ip: string): boolean {
  if (policy.source === "x-forwarded-for") return isInRanges(ip, policy.trustedProxies);
  if (policy.source === "socket") return isInRanges(ip, PRIVATE_RANGES);
  return false;
}

const PRIVATE_RANGES = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7"].map((text) =>
  parseAddressRange(text)!,
);

function splitEntries(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}
