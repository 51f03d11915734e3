import type { Tx } from "../db";
import { isLoopbackHost, readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { ipNetworkPrefix } from "../request/client-ip";
import { describeDevice } from "../request/device-description";
import { keyedHash, randomToken } from "../security/secrets";
import { newDeviceSignInNotice } from "@/emails/notices";
import { decideNewDeviceNotice, type NewDeviceNoticeDecision } from "./decide-new-device-notice";
import { secureAccountUrl, SIGN_IN_NOTICE_LINK_DAYS } from "./sign-in-notice-links";

export interface NewSessionFacts {
  userId: string;
  sessionHash: string;
  deviceHash: string | null;
  userAgent: string | null;
  ip: string | null;
  riskLevel?: "LOW" | "ELEVATED" | "HIGH" | null;
}

/** "203.0.113.0/24", "2001:db8:1::/48": enough for the owner to tell home from abroad, no more. */
export function signInNetwork(ip: string | null): string {
  if (!ip) return "unknown";
  return isLoopbackHost(ip) ? "this computer (localhost)" : ipNetworkPrefix(ip, 48);
}

/**
 * Called in the transaction that creates a session, before the browser is remembered: tells the
 * owner about a sign-in from a browser that never signed in to the account before (see
 * decideNewDeviceNotice), with a one-use "this wasn't me" link. Only the link secret's keyed
 * hash is kept; the outbox holds the message encrypted and wipes it once it is sent.
 */
export async function queueNewDeviceNotice(tx: Tx, session: NewSessionFacts, now: Date): Promise<NewDeviceNoticeDecision> {
  const device = session.deviceHash
    ? await tx.knownDevice.findUnique({
        where: { userId_deviceHash: { userId: session.userId, deviceHash: session.deviceHash } },
        select: { revokedAt: true },
      })
    : null;
  const earlierDevices = await tx.knownDevice.count({
    where: { userId: session.userId, ...(session.deviceHash ? { NOT: { deviceHash: session.deviceHash } } : {}) },
  });
  const decision = decideNewDeviceNotice({
    deviceHash: session.deviceHash,
    device: device ? { revoked: device.revokedAt !== null } : null,
    earlierDevices,
    riskLevel: session.riskLevel,
  });
  if (!decision.notify) return decision;

  const env = readEnv();
  const owner = await tx.user.findUniqueOrThrow({ where: { id: session.userId }, select: { email: true } });
  const secret = randomToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_NOTICE_LINK_DAYS * 24 * 3_600_000);
  const deviceLabel = describeDevice(session.userAgent).label;
  const network = signInNetwork(session.ip);
  const notice = await tx.signInNotice.create({
    data: {
      userId: session.userId,
      sessionHash: session.sessionHash,
      deviceHash: session.deviceHash,
      deviceLabel,
      network,
      reason: decision.reason,
      signedInAt: now,
      secretHash: keyedHash("sign-in-notice", secret),
      expiresAt,
    },
    select: { id: true },
  });
  const message = newDeviceSignInNotice({
    appName: env.APP_NAME,
    device: deviceLabel,
    network,
    at: now,
    secureUrl: secureAccountUrl(notice.id, secret),
    expiresAt,
  });
  await enqueueEmail(tx, { to: owner.email, payload: { kind: "notice", ...message } });
  await recordEvents(
    tx,
    [
      {
        type: "email.queued",
        userId: session.userId,
        sessionHash: session.sessionHash,
        ip: session.ip,
        userAgent: session.userAgent,
        deviceHash: session.deviceHash,
        outcome: "info",
        reason: "new-device sign-in notice",
        details: { noticeId: notice.id, rule: decision.reason, network },
      },
    ],
    now,
  );
  return decision;
}
