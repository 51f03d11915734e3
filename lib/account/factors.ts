import "server-only";
import { db } from "../db";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { kickOutbox } from "../mail/outbox-worker";
import { recordFactorChange } from "../step-up/factor-change-events";
import { supersedeOpenAttempts } from "./supersede-attempts";
import { PASSKEY_NAME_MAX } from "../step-up/passkey-registration";

export async function listFactors(userId: string) {
  const [passkeys, totp, recoveryCodesLeft] = await Promise.all([
    db.passkey.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    }),
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { passkeys, totpConfirmedAt: totp?.confirmedAt ?? null, recoveryCodesLeft };
}

export type Factors = Awaited<ReturnType<typeof listFactors>>;

/** Renaming changes no security property, so it needs a session, not a step-up. */
export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<boolean> {
  const clean = name.trim().slice(0, PASSKEY_NAME_MAX);
  if (!clean) return false;
  const renamed = await db.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name: clean } });
  return renamed.count === 1;
}

const who = (session: ActiveSession) => ({ userId: session.userId, email: session.user.email, sessionHash: session.tokenHash });

/**
 * Removing a factor is a change of account state: pending sign-in links stop working (design
 * §7), and the security page offers to sign out the other sessions. The caller has checked
 * account.manageFactors.
 */
export async function removePasskey(session: ActiveSession, passkeyId: string, facts: RequestFacts): Promise<boolean> {
  const removed = await db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: session.userId }, select: { id: true, name: true } });
    if (!passkey) return false;
    await tx.passkey.delete({ where: { id: passkey.id } });
    await recordFactorChange(tx, who(session), { event: "factor.removed", factor: "passkey", name: passkey.name }, facts);
    await supersedeOpenAttempts(tx, [session.user.email], session.userId, "factor-removed");
    return true;
  });
  if (removed) kickOutbox();
  return removed;
}

/** Recovery codes were issued with the authenticator app and go with it. The caller has checked account.manageFactors. */
export async function removeTotp(session: ActiveSession, facts: RequestFacts): Promise<boolean> {
  const removed = await db.$transaction(async (tx) => {
    const factor = await tx.totpFactor.findUnique({ where: { userId: session.userId }, select: { id: true, confirmedAt: true } });
    if (!factor) return false;
    await tx.totpFactor.delete({ where: { id: factor.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: session.userId } });
    // An unconfirmed secret was never a factor: nothing to announce.
    if (factor.confirmedAt) {
      await recordFactorChange(tx, who(session), { event: "factor.removed", factor: "authenticator app" }, facts);
      await supersedeOpenAttempts(tx, [session.user.email], session.userId, "factor-removed");
    }
    return Boolean(factor.confirmedAt);
  });
  if (removed) kickOutbox();
  return removed;
}

/** True for a few minutes after this account removed a factor: the security page then offers "sign out other sessions". */
export async function removedFactorRecently(userId: string, now: Date = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - 10 * 60_000);
  return (await db.auditEvent.count({ where: { userId, type: "factor.removed", createdAt: { gte: since } } })) > 0;
}
