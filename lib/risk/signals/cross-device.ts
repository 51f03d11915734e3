import { describeDevice } from "../../request/device-description";
import { knownNetwork } from "./device-change";
import { eventsOfType, type RiskSignal, type SignalFunction } from "./types";

/**
 * Another device approved the requesting tab. Number matching stops blind approvals, but
 * "someone else's browser got in because the owner tapped approve" is the phishing shape,
 * so it is always noted, and more so when the two devices are on different networks
 * (which a phone on mobile data also is: alone it stays LOW).
 */
export const crossDeviceApprovalSignal: SignalFunction = (input): RiskSignal | null => {
  const { attempt } = input;
  const denied = eventsOfType(input, "crossdevice.denied");
  const approved = eventsOfType(input, "crossdevice.approved")[0];
  if (!approved && denied.length > 0) {
    return {
      signal: "cross-device-approval",
      weight: 30,
      reason: "Another device picked the wrong number when asked to approve this sign-in; it was cancelled.",
    };
  }
  if (!approved) return null;
  const approverIp = attempt.approval?.ip ?? approved.ip;
  const approver = describeDevice(attempt.approval?.userAgent ?? approved.userAgent).label;
  const requestNetwork = knownNetwork(attempt.request.ip);
  const approverNetwork = knownNetwork(approverIp);
  const otherNetwork = Boolean(requestNetwork && approverNetwork && requestNetwork !== approverNetwork);
  return {
    signal: "cross-device-approval",
    weight: otherNetwork ? 20 : 10,
    reason: `Approved from another device (${approver}, ${approverIp ?? "unknown IP"})${otherNetwork ? ` on a different network than the request (${requestNetwork})` : ""}.`,
  };
};
