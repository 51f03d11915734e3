import { inBurstWindow, plural, type RiskInput, type RiskSignal, type SignalFunction } from "./types";

/** Someone keeps asking for links to one address: an attacker hoping a link gets clicked, or mail bombing. */
export const manyRequestsForAddressSignal: SignalFunction = (input): RiskSignal | null => {
  const issued = input.history.requestsForAddress.filter((at) => inBurstWindow(at, input)).length;
  const total = issued + input.history.rateLimitedForAddress;
  if (total < 5) return null;
  const refused = input.history.rateLimitedForAddress > 0 ? ` (${input.history.rateLimitedForAddress} refused by rate limits)` : "";
  return {
    signal: "many-requests-for-address",
    weight: total >= 10 ? 30 : 15,
    reason: `${plural(total, "sign-in request")} for this address within an hour${refused}.`,
  };
};

function distinctAddresses(requests: Array<{ email: string; at: Date }>, input: RiskInput): number {
  const addresses = new Set(requests.filter((request) => inBurstWindow(request.at, input)).map((request) => request.email));
  addresses.add(input.attempt.email);
  return addresses.size;
}

/** One IP asking for links to many addresses: enumeration or a spray. */
export const manyAddressesFromIpSignal: SignalFunction = (input): RiskSignal | null => {
  const ip = input.attempt.request.ip;
  if (!ip || ip === "0.0.0.0" || input.localDevelopment) return null;
  const count = distinctAddresses(input.history.requestsFromIp, input);
  if (count < 5) return null;
  return {
    signal: "many-addresses-from-ip",
    weight: count >= 50 ? 60 : count >= 20 ? 45 : 20,
    reason: `Requests for ${count} different addresses came from ${ip} within an hour.`,
  };
};

/** One browser asking for links to many addresses; shared computers see a few, scripts many. */
export const manyAddressesFromDeviceSignal: SignalFunction = (input): RiskSignal | null => {
  if (!input.attempt.request.deviceHash) return null;
  const count = distinctAddresses(input.history.requestsFromDevice, input);
  if (count < 3) return null;
  return {
    signal: "many-addresses-from-device",
    weight: count >= 10 ? 40 : 20,
    reason: `The requesting browser asked for links to ${count} different addresses within an hour.`,
  };
};
