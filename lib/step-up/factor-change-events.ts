import "server-only";
import type { Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";

import type { RequestFacts } from "../request/request-facts";
import { isAdminAccount } from "../auth/admin-identity";
import { enqueueEmail } from "../mail/outbox";
import { raiseAlert } from "../risk/raise-alert";
import { factorChangedNotice } from "@/emails/notices";

/** Whose factor changed, and the session that changed it (none for an email-change undo). */
export type FactorOwner = { userId: string; email: string; sessionHash: string | null };

export type FactorChange =
  | { event: "factor.added" | "factor.removed"; factor: "passkey" | "authenticator app"; name?: string }
  | { event: "factor.recovery_used"; factor: "recovery code used"; remaining: number };

/**
 * The owner hears about every change to their factors (ASVS 6.3.7) and the trail records
 * it, in the transaction that makes the change. An administrator's first factor and the
 * removal of their last one alert the other administrators: either is how a takeover of an
 * admin account would look. Call kickOutbox() after it commits.
 */
export async function recordFactorChange(
  tx: Tx,
  who: FactorOwner,
  change: FactorChange,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<void> {
  const env = readEnv();
  const notice = factorChangedNotice({
    appName: env.APP_NAME,
    change: change.event === "factor.removed" ? "removed" : "added",
    factor: change.factor,
    name: "name" in change ? change.name : undefined,
    at: now,
    securityUrl: `${env.AUTH_URL}/account/security`,
  });
  await enqueueEmail(tx, { to: who.email, payload: { kind: "notice", ...notice } });
  const details =
    change.event === "factor.recovery_used" ? { remaining: change.remaining } : { factor: change.factor, name: change.name ?? null };
  await alertOtherAdmins(tx, who, change, now);
  await recordEvents(
    tx,
    [
      {
        type: change.event,
        userId: who.userId,
        sessionHash: who.sessionHash,
        ip: facts.ip,
        userAgent: facts.userAgent,
        deviceHash: facts.deviceHash,
        outcome: "success",
        details,
      },
    ],
    now,
  );
}

async function alertOtherAdmins(tx: Tx, who: { userId: string; email: string }, change: FactorChange, now: Date): Promise<void> {
  if (change.event === "factor.recovery_used") return;
  const user = await tx.user.findUnique({ where: { id: who.userId }, select: { email: true, role: true } });
  if (!user || !isAdminAccount(user, readEnv().ADMIN_EMAILS)) return;
  const [passkeys, totp] = await Promise.all([
    tx.passkey.count({ where: { userId: who.userId } }),
    tx.totpFactor.count({ where: { userId: who.userId, confirmedAt: { not: null } } }),
  ]);
  const remaining = passkeys + totp;
  const first = change.event === "factor.added" && remaining === 1;
  const last = change.event === "factor.removed" && remaining === 0;
  if (!first && !last) return;
  await raiseAlert(tx, {
    kind: first ? "admin-first-factor" : "admin-last-factor-removed",
    severity: first ? "ELEVATED" : "HIGH",
    title: first
      ? `Administrator ${who.email} set up their first second factor (${change.factor})`
      : `Administrator ${who.email} removed their last second factor (${change.factor})`,
    subject: `${who.userId}:${now.toISOString()}`,
    userId: who.userId,
    emailAdmins: { except: who.userId },
    now,
  });
}
