/**
 * Where the load's requests come from: every request a new client address, as real traffic
 * arrives through a trusted proxy (X-Forwarded-For), so per-address and per-network limits
 * are exercised, not dodged by one address nor tripped by it.
 */

/** Public /8s the addresses are drawn from (none private, loopback or otherwise special). */
const FIRST_OCTETS = [23, 45, 62, 77, 89, 101, 145, 186] as const;
const LOW_BITS = 24;
const LOW_MASK = (1 << LOW_BITS) - 1;

/**
 * The index-th client address: distinct for every index below 8 × 2^24 (a bijection), with
 * neighbouring indexes far apart (different /8, /16 and /24), so no network sees a burst.
 */
export function clientAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= FIRST_OCTETS.length * 2 ** LOW_BITS) {
    throw new RangeError(`client address index out of range: ${index}`);
  }
  const octet = FIRST_OCTETS[index % FIRST_OCTETS.length];
  const rest = Math.floor(index / FIRST_OCTETS.length);
  // Multiplying by an odd constant permutes 0..2^24-1: distinct in, distinct out.
  const low = Math.imul(rest, 0x9e3779b1) & LOW_MASK;
  return `${octet}.${(low >>> 16) & 255}.${(low >>> 8) & 255}.${low & 255}`;
}

/** Each load run gets its own slice of indexes, so no two runs of one bench share an address. */
export const ADDRESSES_PER_RUN = 1 << 20;

/** A sign-in load's unique recipient: bench-<run>-<n>@<one of several domains>. */
export function benchRecipient(runId: string, index: number): string {
  const domains = ["example.com", "example.net", "example.org", "mail.example.com"];
  return `bench-${runId}-${index}@${domains[index % domains.length]}`;
}
