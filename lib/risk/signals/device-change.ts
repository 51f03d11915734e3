import { ipNetworkPrefix, UNKNOWN_IP } from "../../request/client-ip";
import { describeDevice } from "../../request/device-description";
import type { RiskSignal, SignalFunction } from "./types";

/** The network of an address (/24 or /48), or null when the address is missing or unknown. */
export function knownNetwork(ip: string | null): string | null {
  if (!ip || ip === UNKNOWN_IP) return null;
  const prefix = ipNetworkPrefix(ip);
  return prefix === "unknown" ? null : prefix;
}

/**
 * The link was asked for on one network and redeemed on another. People do switch from
 * office Wi-Fi to a phone, so this weighs little alone; with other signals it matters.
 */
export const differentNetworkSignal: SignalFunction = ({ attempt, localDevelopment }): RiskSignal | null => {
  if (!attempt.redemption || localDevelopment) return null;
  const requested = knownNetwork(attempt.request.ip);
  const redeemed = knownNetwork(attempt.redemption.ip);
  if (!requested || !redeemed || requested === redeemed) return null;
  return {
    signal: "different-network",
    weight: 20,
    reason: `Requested from network ${requested} but signed in from ${redeemed} (${attempt.redemption.ip}).`,
  };
};

/**
 * Requested in one browser family, redeemed in another. A redemption by a client with no
 * recognisable browser at all (a script) counts too.
 */
export const differentBrowserSignal: SignalFunction = ({ attempt }): RiskSignal | null => {
  if (!attempt.redemption) return null;
  const requested = describeDevice(attempt.request.userAgent);
  const redeemed = describeDevice(attempt.redemption.userAgent);
  if (requested.browserFamily === "unknown" || requested.browserFamily === redeemed.browserFamily) return null;
  const redeemedBy = redeemed.browserFamily === "unknown" ? "a client with no recognisable browser" : redeemed.label;
  return {
    signal: "different-browser",
    weight: 15,
    reason: `Requested in ${requested.label} but signed in with ${redeemedBy}.`,
  };
};
