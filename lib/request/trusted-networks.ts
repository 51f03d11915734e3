import { isIP } from "node:net";
import { expandIpv6, normaliseIp } from "./client-ip";

/**
 * Address ranges in CIDR notation ("10.0.0.0/8", "fd00::/8", or a bare address meaning just
 * that one), for TRUSTED_PROXIES. Matching is done on the numeric value, so "::ffff:10.1.2.3"
 * and "10.1.2.3" are the same address, as the socket reports either form for one client.
 */
export interface AddressRange {
  version: 4 | 6;
  /** The network's first address as a number. */
  network: bigint;
  prefixLength: number;
  /** Canonical text, for messages. */
  text: string;
}

/** Parses one range; null when it is not an address or the prefix length does not fit. */
export function parseAddressRange(raw: string): AddressRange | null {
  const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(raw.trim());
  if (!match) return null;
  // A range names a bare address: no brackets or port, which normaliseIp accepts in header values.
  if (isIP(match[1].replace(/%.*$/, "")) === 0) return null;
  const address = normaliseIp(match[1])!;
  const version = isIP(address) as 4 | 6;
  const width = version === 4 ? 32 : 128;
  let prefixLength = match[2] === undefined ? width : Number(match[2]);
  // "::ffff:10.0.0.0/104" is written as IPv6 but normalised to IPv4: its prefix moves along.
  if (version === 4 && isIP(match[1]) === 6 && match[2] !== undefined) {
    if (prefixLength < 96) return null;
    prefixLength -= 96;
  }
  if (prefixLength > width) return null;
  const shift = BigInt(width - prefixLength);
  const network = (addressValue(address) >> shift) << shift;
  return { version, network, prefixLength, text: `${address}/${prefixLength}` };
}

/** A comma-separated list of ranges; `invalid` names the first entry that is not one. */
export function parseAddressRanges(list: string): { ranges: AddressRange[] } | { invalid: string } {
  const ranges: AddressRange[] = [];
  for (const entry of list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const range = parseAddressRange(entry);
    if (!range) return { invalid: entry };
    ranges.push(range);
  }
  return { ranges };
}

/** True when `ip` (any form normaliseIp accepts) lies in one of the ranges. */
export function isInRanges(ip: string | null, ranges: readonly AddressRange[]): boolean {
  const address = normaliseIp(ip);
  if (!address) return false;
  const version = isIP(address);
  const value = addressValue(address);
  return ranges.some((range) => {
    if (range.version !== version) return false;
    const shift = BigInt((version === 4 ? 32 : 128) - range.prefixLength);
    return (value >> shift) << shift === range.network;
  });
}

const LOOPBACK_RANGES = [parseAddressRange("127.0.0.0/8")!, parseAddressRange("::1/128")!];

/** This machine talking to itself (127.0.0.0/8, ::1, and IPv4-mapped forms of them). */
export function isLoopbackAddress(ip: string | null): boolean {
  return isInRanges(ip, LOOPBACK_RANGES);
}

/** A range that holds every address of its family: trusting it trusts every client. */
export function coversEveryone(range: AddressRange): boolean {
  return range.prefixLength === 0;
}

function addressValue(address: string): bigint {
  if (isIP(address) === 4) return address.split(".").reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
  return expandIpv6(address).reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
