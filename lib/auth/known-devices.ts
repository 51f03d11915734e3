import type { Db, Tx } from "../db";
import { describeDevice } from "../request/device-description";

/**
 * Browsers (binding cookies) that have signed in to an account. Written in the transaction that
 * creates the session, so a browser is known exactly when it has had a session.
 */
export async function rememberDevice(
  tx: Tx,
  input: { userId: string; deviceHash: string; userAgent: string | null; ip: string | null },
  now: Date,
): Promise<void> {
  const label = describeDevice(input.userAgent).label;
  await tx.knownDevice.upsert({
    where: { userId_deviceHash: { userId: input.userId, deviceHash: input.deviceHash } },
    create: { userId: input.userId, deviceHash: input.deviceHash, label, firstSeenAt: now, lastSignInAt: now, lastIp: input.ip },
    // Signing in again after the owner revoked it makes it known again, without its factor proof.
    update: { label, lastSignInAt: now, lastIp: input.ip, revokedAt: null },
  });
}

/** Has this browser signed in to the account of this address before (and not been revoked)? */
export async function isKnownDevice(client: Db | Tx, email: string, deviceHash: string | null): Promise<boolean> {
  if (!deviceHash) return false;
  const found = await client.knownDevice.count({ where: { deviceHash, revokedAt: null, user: { email } } });
  return found > 0;
}
