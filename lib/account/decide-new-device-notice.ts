/** What is known about the browser behind a new session, read before the sign-in touches its row. */
export interface NewDeviceFacts {
  /** Keyed hash of the browser's binding cookie; null when it carries none (nothing to recognise it by). */
  deviceHash: string | null;
  /** This browser's KnownDevice row for the account, if it has signed in to it before. */
  device: { revoked: boolean } | null;
  /** Browsers (revoked or not) that signed in to this account before this one. */
  earlierDevices: number;
  /** The risk level of the sign-in, when it was scored (an ELEVATED or HIGH sign-in notifies even on a known browser). */
  riskLevel?: "LOW" | "ELEVATED" | "HIGH" | null;
}

export type NewDeviceNoticeReason =
  "first-sign-in" | "new-device" | "unidentified-browser" | "forgotten-device" | "known-device" | "risky-sign-in";

export type NewDeviceNoticeDecision = { notify: boolean; reason: NewDeviceNoticeReason };

/**
 * Pure: does this sign-in earn the owner a "new sign-in to your account" notice?
 *
 * A new device is a browser (binding cookie) that has not signed in to this account before.
 * The account's very first sign-in never notifies: it is the sign-in that creates the account,
 * from the mailbox the notice would go to, so the notice would tell its reader only what they
 * just did, and there is nothing yet to protect. A browser the owner told us to forget counts as
 * new again, and so does one with no binding cookie, which we cannot tell apart from a stranger's.
 */
export function decideNewDeviceNotice(facts: NewDeviceFacts): NewDeviceNoticeDecision {
  if (facts.earlierDevices === 0 && facts.device === null) return { notify: false, reason: "first-sign-in" };
  if (facts.deviceHash === null) return { notify: true, reason: "unidentified-browser" };
  if (facts.device === null) return { notify: true, reason: "new-device" };
  if (facts.device.revoked) return { notify: true, reason: "forgotten-device" };
  if (facts.riskLevel === "ELEVATED" || facts.riskLevel === "HIGH") return { notify: true, reason: "risky-sign-in" };
  return { notify: false, reason: "known-device" };
}
