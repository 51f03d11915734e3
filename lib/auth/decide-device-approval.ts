/** What is known when a session is about to be created, for the device-approval hold. */
export interface DeviceApprovalFacts {
  risk: "LOW" | "ELEVATED" | "HIGH" | null;
  /** The account holds a passkey or an authenticator app (then the factor decides, not a device). */
  hasFactor: boolean;
  /** The sign-in itself used a passkey or an authenticator. */
  strongSignIn: boolean;
  /** Browsers other than this one that signed in to the account before and were not forgotten. */
  otherKnownDevices: number;
}

export type DeviceApprovalReason = "not-high-risk" | "factor-decides" | "factor-in-sign-in" | "no-device-to-ask" | "high-risk";

export type DeviceApprovalDecision = { required: boolean; reason: DeviceApprovalReason };

/**
 * Pure: must this sign-in wait for a browser the owner signed in with before to approve it?
 * Only a HIGH-risk sign-in to an account that has no factor to ask for, and only when there is
 * such a browser; without one nothing stronger than the mailbox exists, and the sign-in goes on
 * as before (scored, alerted, the owner told).
 */
export function decideDeviceApproval(facts: DeviceApprovalFacts): DeviceApprovalDecision {
  if (facts.risk !== "HIGH") return { required: false, reason: "not-high-risk" };
  if (facts.strongSignIn) return { required: false, reason: "factor-in-sign-in" };
  if (facts.hasFactor) return { required: false, reason: "factor-decides" };
  if (facts.otherKnownDevices === 0) return { required: false, reason: "no-device-to-ask" };
  return { required: true, reason: "high-risk" };
}
