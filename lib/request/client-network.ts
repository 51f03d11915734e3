import { isIP } from "node:net";
import { ipNetworkPrefix, normaliseIp } from "./client-ip";

/**
 * The network a client's requests are counted under: an IPv4 address is one subscriber, but
 * an IPv6 subscriber gets a whole /64 (often far more) and can rotate addresses inside it at
 * will, so counting IPv6 per address would give one attacker millions of budgets.
 */
export function limitNetwork(ip: string): string {
  const normal = normaliseIp(ip);
  if (!normal) return "unknown";
  return isIP(normal) === 4 ? normal : ipNetworkPrefix(normal, 64);
}
