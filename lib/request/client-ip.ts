import { isIP } from "node:net";

/**
 * IP address helpers. Which address is the client's is decided in decide-client-ip.ts, from
 * the one source the settings declare.
 */

export const UNKNOWN_IP = "0.0.0.0";

/** A bare, canonical IP: no brackets, port or zone, IPv4-mapped IPv6 as IPv4. Null if not an IP. */
export function normaliseIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.replace(/%.*$/, "").toLowerCase();
  if (ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  if (!isIP(ip)) return null;
  return isIP(ip) === 6 ? (mappedIpv4(ip) ?? ip) : ip;
}

/** "::ffff:a00:1" (an IPv4-mapped address written in hex) → "10.0.0.1"; null for any other IPv6. */
function mappedIpv4(ip: string): string | null {
  const groups = expandIpv6(ip);
  if (groups.slice(0, 5).some((group) => group !== "0000") || groups[5] !== "ffff") return null;
  return [groups[6].slice(0, 2), groups[6].slice(2), groups[7].slice(0, 2), groups[7].slice(2)].map((byte) => parseInt(byte, 16)).join(".");
}

/**
 * The network an address belongs to, for risk signals ("same network as usual"): a /24
 * for IPv4, a /48 for IPv6 (a typical site allocation). "unknown" if not an IP.
 */
export function ipNetworkPrefix(ip: string, ipv6PrefixLength: 48 | 64 = 48): string {
  const normal = normaliseIp(ip);
  if (!normal) return "unknown";
  if (isIP(normal) === 4) return `${normal.split(".").slice(0, 3).join(".")}.0/24`;
  const groups = expandIpv6(normal).slice(0, ipv6PrefixLength / 16);
  // Trailing zero groups fold into the "::", as in the canonical form: "2001:db8::/48".
  const prefix = groups
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")
    .replace(/(^|:)0(:0)*$/, "");
  return `${prefix}::/${ipv6PrefixLength}`;
}

/** "40.94.12.7" → "40.94.x.x", for screens where the full address is more than needed. */
export function maskIp(ip: string): string {
  const normal = normaliseIp(ip);
  if (!normal) return "unknown";
  if (isIP(normal) === 4) return `${normal.split(".").slice(0, 2).join(".")}.x.x`;
  const [first, second] = expandIpv6(normal).map((group) => group.replace(/^0+(?=.)/, ""));
  return `${first}:${second}:x:x:x:x:x:x`;
}

/** Eight four-digit hex groups for a valid IPv6 address (including an embedded IPv4 tail). */
export function expandIpv6(ip: string): string[] {
  let address = ip;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail[1].split(".").map(Number);
    address = address.slice(0, v4Tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.includes("::") ? address.split("::") : [address, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(tail === null ? 0 : missing).fill("0"), ...tailGroups].map((group) => group.padStart(4, "0"));
}
