import { describeDevice } from "../../request/device-description";
import { eventsOfType, type RiskSignal, type SignalFunction } from "./types";

/**
 * An admin account signed in on a browser none of its earlier sessions used. Admin
 * accounts are worth the most to an attacker, so a new device alone earns attention.
 */
export const newAdminDeviceSignal: SignalFunction = (input): RiskSignal | null => {
  const { attempt, history } = input;
  if (!attempt.accountIsAdmin) return null;
  const session = eventsOfType(input, "session.created")[0];
  const redeemed = eventsOfType(input, "attempt.redeemed")[0];
  const device = session?.deviceHash ?? redeemed?.deviceHash ?? attempt.redemption?.deviceHash ?? null;
  if (!session && !redeemed && !attempt.redemption) return null;
  if (device && history.earlierSessionDevices.includes(device)) return null;
  const label = describeDevice(session?.userAgent ?? attempt.redemption?.userAgent ?? null).label;
  const first = history.earlierSessionDevices.length === 0;
  return {
    signal: "new-admin-device",
    weight: 35,
    reason: first
      ? `First sign-in ever to this admin account (${label}).`
      : `First sign-in to this admin account from this device (${label}).`,
  };
};
