import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import { isAdminAccount } from "../auth/admin-identity";
import { keyedHash } from "../security/secrets";
import { newInvitationCode, normaliseInvitationCode } from "./invitation-code";

export const INVITATION_MINUTES = 30;

export type InvitationRefusal = "not-found" | "not-admin" | "has-factor";

/**
 * A one-time code that lets an administrator without a second factor set up their first one
 * (account.manageFactors, adminWithoutFactor: "invitation"). It reaches them out of band —
 * printed by `npm run admin:invite` on the server, or read out by another administrator — so
 * whoever holds only their mailbox cannot use it. Creating one ends any earlier one.
 */
export async function createEnrolmentInvitation(
  account: { email: string } | { id: string },
  invitedBy: { userId: string; auditAs: AuditEventInput } | null,
  now: Date = new Date(),
): Promise<{ ok: true; code: string; expiresAt: Date; email: string } | { ok: false; reason: InvitationRefusal }> {
  const user = await db.user.findUnique({ where: account, select: { id: true, email: true, role: true } });
  if (!user) return { ok: false, reason: "not-found" };
  if (!isAdminAccount(user, readEnv().ADMIN_EMAILS)) return { ok: false, reason: "not-admin" };
  const [passkeys, totp] = await Promise.all([
    db.passkey.count({ where: { userId: user.id } }),
    db.totpFactor.count({ where: { userId: user.id, confirmedAt: { not: null } } }),
  ]);
  if (passkeys + totp > 0) return { ok: false, reason: "has-factor" };

  const code = newInvitationCode();
  const expiresAt = new Date(now.getTime() + INVITATION_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    await tx.enrolmentInvitation.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.enrolmentInvitation.create({
      data: {
        userId: user.id,
        codeHash: keyedHash("enrolment-invitation", normaliseInvitationCode(code)!),
        createdBy: invitedBy?.userId ?? null,
        createdAt: now,
        expiresAt,
      },
    });
    await recordEvents(
      tx,
      [
        {
          type: "factor.invitation_created",
          userId: user.id,
          outcome: "info",
          reason: invitedBy ? "by an administrator" : "from the command line",
          details: { invitedBy: invitedBy?.userId ?? null, minutes: INVITATION_MINUTES },
        },
        ...(invitedBy ? [invitedBy.auditAs] : []),
      ],
      now,
    );
  });
  return { ok: true, code, expiresAt, email: user.email };
}

/** Spends the invitation, once, for the account it was made for, before it expires. */
export async function spendEnrolmentInvitation(userId: string, typed: string, now: Date = new Date()): Promise<boolean> {
  const normal = normaliseInvitationCode(typed);
  if (!normal) return false;
  const spent = await db.enrolmentInvitation.updateMany({
    where: { codeHash: keyedHash("enrolment-invitation", normal), userId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return spent.count === 1;
}
