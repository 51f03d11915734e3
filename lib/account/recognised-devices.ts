import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { listRecognisedDevices, revokeDevice } from "../auth/known-devices";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";

export interface RecognisedDeviceRow {
  id: string;
  label: string;
  lastSignInAt: Date;
  factorProvenAt: Date | null;
  lastIp: string | null;
  /** The browser this request comes from. */
  current: boolean;
}

/** Browsers that sign in to this account by email alone (SIGN_IN_FACTOR), for the security page. */
export async function recognisedDevicesOf(
  session: Pick<ActiveSession, "userId">,
  facts: Pick<RequestFacts, "deviceHash">,
): Promise<RecognisedDeviceRow[]> {
  const devices = await listRecognisedDevices(db, session.userId);
  return devices.map((device) => ({
    id: device.id,
    label: device.label,
    lastSignInAt: device.lastSignInAt,
    factorProvenAt: device.factorProvenAt,
    lastIp: device.lastIp,
    current: device.deviceHash === facts.deviceHash,
  }));
}

/**
 * The owner stops recognising a browser: its next email sign-in asks for the factor again.
 * Only trust is taken away, so a plain signed-in session may do it; audited.
 */
export async function forgetRecognisedDevice(
  session: ActiveSession,
  deviceId: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const revoked = await revokeDevice(tx, session.userId, deviceId, now);
    if (!revoked) return false;
    await recordEvents(
      tx,
      [
        {
          type: "device.revoked",
          userId: session.userId,
          sessionHash: session.tokenHash,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "success",
          details: { revokedDevice: revoked.deviceHash, thisBrowser: revoked.deviceHash === facts.deviceHash },
        },
      ],
      now,
    );
    return true;
  });
}
