import "server-only";
import { db } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { readEnv } from "../env";
import { accountLockedNotice } from "@/emails/notices";
import { OPEN_STATUSES } from "../magic-link/attempt-status";
import { raiseAlert } from "../risk/raise-alert";
import type { RequestFacts } from "../request/request-facts";
import { keyedHash } from "../security/secrets";
import { formatDateTime } from "@/lib/format/time";
import { AppError } from "../errors/app-error";
import type { MessageCode } from "../errors/user-messages";
import { endSessions } from "./sessions";

export const OWNER_REPORTED_LOCK_REASON = "the owner reported a sign-in they did not make";

export type SecureAccountRefusal = MessageCode<"secureAccount">;
export type SecureAccountOutcome = { ok: true; sessionsEnded: number; linksCancelled: number } | { ok: false; code: SecureAccountRefusal };

/**
 * "This wasn't me", from a new-device notice. In one transaction: the link is spent (it works
 * once), sign-in is locked (request and redemption check lockedAt), every session ends, every open
 * sign-in link and code stops, a pending change of address is dropped, and the reported browser
 * is forgotten so it is a stranger again. An alert asks an administrator to look. The owner
 * unlocks with a factor (unlock-with-passkey.ts, unlock-with-code.ts), or an administrator does.
 * The link's secret is the permission: no session is needed.
 */
export async function secureAccountFromNotice(
  noticeId: string,
  secret: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<SecureAccountOutcome> {
  const context = { ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const notice = await db.signInNotice.findUnique({ where: { secretHash: keyedHash("sign-in-notice", secret) } });
  if (!notice || notice.id !== noticeId) return { ok: false, code: "invalid-link" };
  try {
    const outcome = await db.$transaction(async (tx) => {
      const claimed = await tx.signInNotice.updateMany({
        where: { id: notice.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) {
        const current = await tx.signInNotice.findUnique({ where: { id: notice.id }, select: { usedAt: true } });
        throw AppError.of("secureAccount", current?.usedAt ? "already-used" : "expired");
      }
      const user = await tx.user.findUniqueOrThrow({ where: { id: notice.userId }, select: { id: true, email: true, lockedAt: true } });
      if (!user.lockedAt) await tx.user.update({ where: { id: user.id }, data: { lockedAt: now, lockReason: OWNER_REPORTED_LOCK_REASON } });
      await tx.emailChange.deleteMany({ where: { userId: user.id, confirmedAt: null } });
      const sessionsEnded = await endSessions(tx, { userId: user.id, reason: OWNER_REPORTED_LOCK_REASON }, context, now);
      const open = await tx.loginAttempt.findMany({
        where: { OR: [{ userId: user.id }, { email: user.email }], status: { in: [...OPEN_STATUSES] } },
        select: { id: true },
      });
      await tx.loginAttempt.updateMany({
        where: { id: { in: open.map((attempt) => attempt.id) }, status: { in: [...OPEN_STATUSES] } },
        data: { status: "LOCKED", failedAt: now, failureReason: "account-locked" },
      });
      if (notice.deviceHash) {
        await tx.knownDevice.updateMany({
          where: { userId: user.id, deviceHash: notice.deviceHash },
          data: { revokedAt: now, factorProvenAt: null },
        });
      }
      const events: AuditEventInput[] = [
        {
          type: "account.locked",
          userId: user.id,
          ...context,
          outcome: "success",
          reason: OWNER_REPORTED_LOCK_REASON,
          details: {
            noticeId: notice.id,
            reportedDevice: notice.deviceLabel,
            reportedNetwork: notice.network,
            signedInAt: notice.signedInAt.toISOString(),
            alreadyLocked: user.lockedAt !== null,
            sessionsEnded,
            attemptsStopped: open.length,
          },
        },
        ...open.map((attempt): AuditEventInput => ({
          type: "attempt.cancelled",
          attemptId: attempt.id,
          userId: user.id,
          outcome: "info",
          reason: OWNER_REPORTED_LOCK_REASON,
        })),
      ];
      await recordEvents(tx, events, now);
      await raiseAlert(tx, {
        kind: "owner-reported-sign-in",
        severity: "HIGH",
        title: `${user.email} reported a sign-in they did not make; the account is locked`,
        subject: user.id,
        userId: user.id,
        details: {
          noticeId: notice.id,
          device: notice.deviceLabel,
          network: notice.network,
          signedInAt: notice.signedInAt.toISOString(),
          sessionsEnded,
          reason: `Reported: ${notice.deviceLabel}, network ${notice.network}, on ${formatDateTime(notice.signedInAt)}. ${sessionsEnded} session(s) ended; sign-in stays locked until the owner unlocks it with a passkey, authenticator app or recovery code, or an administrator unlocks it (user page).`,
        },
        emailAdmins: { except: user.id },
        now,
      });
      const env = readEnv();
      const lockedNotice = accountLockedNotice({
        appName: env.APP_NAME,
        at: now,
        sessionsEnded,
        recoverUrl: `${env.AUTH_URL}/secure-account/recover`,
      });
      await enqueueEmail(tx, { to: user.email, payload: { kind: "notice", ...lockedNotice } });
      return { ok: true as const, sessionsEnded, linksCancelled: open.length };
    });
    kickOutbox();
    return outcome;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A replay (or a late click) of a genuine notice link is worth a line in the trail; junk is not.
    await recordEvents(
      db,
      [
        {
          type: "account.locked",
          userId: notice.userId,
          ...context,
          outcome: "failure",
          reason: `secure-account link ${error.code}`,
          details: { noticeId: notice.id },
        },
      ],
      now,
    );
    return { ok: false, code: error.code as SecureAccountRefusal };
  }
}
