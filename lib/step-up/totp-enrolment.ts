import "server-only";
import QRCode from "qrcode";
import { db } from "../db";
import { readEnv } from "../env";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { kickOutbox } from "../mail/outbox-worker";
import { decrypt, encrypt } from "../security/secrets";
import { recordFactorChange } from "./factor-change-events";
import { issueRecoveryCodes } from "./recovery-codes";
import { matchTotpCode, newTotpSecret, totpUri } from "./totp";

/** An unconfirmed secret must be confirmed within this time, or enrolment starts over. */
const CONFIRM_WITHIN_MS = 10 * 60_000;

export type TotpEnrolmentStart = { ok: true; secret: string; qrDataUrl: string } | { ok: false; code: "already-enrolled" };

/**
 * Creates a new, unconfirmed secret (replacing any earlier unconfirmed one) and returns it
 * with its QR code, to be shown once. The caller has checked account.manageFactors.
 */
export async function startTotpEnrolment(session: ActiveSession, now: Date = new Date()): Promise<TotpEnrolmentStart> {
  const existing = await db.totpFactor.findUnique({ where: { userId: session.userId }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) return { ok: false, code: "already-enrolled" };
  const secret = newTotpSecret();
  const fields = { secretEncrypted: encrypt(secret), confirmedAt: null, lastUsedStep: null, createdAt: now };
  await db.totpFactor.upsert({ where: { userId: session.userId }, create: { userId: session.userId, ...fields }, update: fields });
  const qrDataUrl = await QRCode.toDataURL(totpUri(secret, session.user.email, readEnv().APP_NAME), { margin: 1, width: 220 });
  return { ok: true, secret, qrDataUrl };
}

export type TotpEnrolmentFinish = { ok: true; recoveryCodes: string[] } | { ok: false; code: "expired" | "wrong-code" };

/**
 * The first right code switches the factor on and issues ten recovery codes, shown once.
 * A wrong code here spends no guessing budget: the secret was just shown to this session,
 * so there is nothing to guess, and a person fumbling with their phone is not an attack.
 */
export async function confirmTotpEnrolment(
  session: ActiveSession,
  code: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<TotpEnrolmentFinish> {
  const pending = await db.totpFactor.findUnique({ where: { userId: session.userId } });
  if (!pending || pending.confirmedAt || now.getTime() - pending.createdAt.getTime() > CONFIRM_WITHIN_MS)
    return { ok: false, code: "expired" };
  const step = await matchTotpCode(decrypt(pending.secretEncrypted), code, null, now);
  if (step === null) return { ok: false, code: "wrong-code" };
  const recoveryCodes = await db.$transaction(async (tx) => {
    const confirmed = await tx.totpFactor.updateMany({
      where: { id: pending.id, confirmedAt: null },
      data: { confirmedAt: now, lastUsedStep: BigInt(step) },
    });
    if (confirmed.count !== 1) return null;
    const codes = await issueRecoveryCodes(tx, session.userId);
    await recordFactorChange(
      tx,
      { userId: session.userId, email: session.user.email, sessionHash: session.tokenHash },
      { event: "factor.added", factor: "authenticator app" },
      facts,
      now,
    );
    return codes;
  });
  if (!recoveryCodes) return { ok: false, code: "expired" };
  kickOutbox();
  return { ok: true, recoveryCodes };
}

/** This session turned an authenticator app on within the enrolment window (its right code was a TOTP proof). */
export async function enrolledTotpInThisSession(session: ActiveSession, now: Date = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - CONFIRM_WITHIN_MS);
  const [factor, added] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId: session.userId }, select: { confirmedAt: true } }),
    db.auditEvent.count({
      where: { type: "factor.added", userId: session.userId, sessionHash: session.tokenHash, createdAt: { gte: since } },
    }),
  ]);
  return factor?.confirmedAt != null && factor.confirmedAt >= since && added > 0;
}
