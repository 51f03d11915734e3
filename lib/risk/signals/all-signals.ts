import { crossDeviceApprovalSignal } from "./cross-device";
import { differentBrowserSignal, differentNetworkSignal } from "./device-change";
import { codeGuessingSignal, expiredUseSignal, linkReuseSignal } from "./link-misuse";
import { newAdminDeviceSignal } from "./new-admin-device";
import { manyAddressesFromDeviceSignal, manyAddressesFromIpSignal, manyRequestsForAddressSignal } from "./request-volume";
import { scannerFetchSignal } from "./scanner-fetch";
import type { RiskInput, RiskSignal, SignalFunction } from "./types";

export const ALL_SIGNALS: readonly SignalFunction[] = [
  differentNetworkSignal,
  differentBrowserSignal,
  scannerFetchSignal,
  manyRequestsForAddressSignal,
  manyAddressesFromIpSignal,
  manyAddressesFromDeviceSignal,
  linkReuseSignal,
  expiredUseSignal,
  codeGuessingSignal,
  crossDeviceApprovalSignal,
  newAdminDeviceSignal,
];

/** Every signal that fires for this attempt, heaviest first. */
export function evaluateSignals(input: RiskInput, signals: readonly SignalFunction[] = ALL_SIGNALS): RiskSignal[] {
  return signals
    .map((signal) => signal(input))
    .filter((result): result is RiskSignal => result !== null)
    .sort((a, b) => b.weight - a.weight);
}
