import type { Db, Tx } from "../db";
import { describeDevice } from "../request/device-description";

/**
 * Browsers (binding cookies) that have signed in to an account. Written in the transaction that
 * creates the session, so a browser is known exactly when it has had a session.
 *
 * Known is not yet recognised: a browser is recognised for the sign-in step-up (SIGN_IN_FACTOR)
 * only once a session in it proved the account's passkey, authenticator or recovery code
 * (factorProvenAt), and until the owner revokes it, which forgets that proof.
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
    // Signing in again after the owner revoked it makes it known again, without its factor proof
    // (revokeDevice cleared that).
    update: { label, lastSignInAt: now, lastIp: input.ip, revokedAt: null },
  });
}

/** What the sign-in step-up needs to know about this browser, before the sign-in touches its row. */
export async function deviceFactorRecord(
  tx: Tx,
  userId: string,
  deviceHash: string | null,
): Promise<{ factorProvenAt: Date | null; revoked: boolean } | null> {
  if (!deviceHash) return null;
  const device = await tx.knownDevice.findUnique({
    where: { userId_deviceHash: { userId, deviceHash } },
    select: { factorProvenAt: true, revokedAt: true },
  });
  return device ? { factorProvenAt: device.factorProvenAt, revoked: device.revokedAt !== null } : null;
}

/** A session in this browser proved a factor: from now on it signs in to this account by email alone. */
export async function noteFactorProven(tx: Tx, userId: string, deviceHash: string | null, now: Date): Promise<void> {
  if (!deviceHash) return;
  await tx.knownDevice.updateMany({ where: { userId, deviceHash, revokedAt: null }, data: { factorProvenAt: now } });
}

/** Recognised browsers, for the owner's security page: those that proved a factor and were not revoked. */
export async function listRecognisedDevices(client: Db | Tx, userId: string) {
  return client.knownDevice.findMany({
    where: { userId, revokedAt: null, factorProvenAt: { not: null } },
    select: { id: true, label: true, deviceHash: true, lastSignInAt: true, lastIp: true, factorProvenAt: true },
    orderBy: { lastSignInAt: "desc" },
  });
}

/**
 * The owner no longer recognises this browser: its next email sign-in asks for the factor again.
 * Sessions it holds now are left alone (signing them out is on the sessions list).
 */
export async function revokeDevice(tx: Tx, userId: string, deviceId: string, now: Date): Promise<{ deviceHash: string } | null> {
  const device = await tx.knownDevice.findFirst({ where: { id: deviceId, userId, revokedAt: null }, select: { deviceHash: true } });
  if (!device) return null;
  await tx.knownDevice.updateMany({ where: { id: deviceId, userId }, data: { revokedAt: now, factorProvenAt: null } });
  return device;
}
