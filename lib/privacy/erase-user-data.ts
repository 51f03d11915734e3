import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { adminActionEvent } from "../admin/admin-audit";
import { AppError } from "../errors/app-error";
import type { AdminActor } from "../admin/require-admin";
import { eraseAuditPersonalData } from "./erase-audit-personal-data";
import { ERASED_ADDRESS } from "./erased-address";

export interface ErasureResult {
  attempts: number;
  auditEvents: number;
  outboxMessages: number;
}

/**
 * Erases a person on request, in one transaction: the account and everything that cascades
 * with it (sessions, factors, email changes), the address and network details of every
 * sign-in attempt by the account or for its address, queued or sent mail to it, its
 * suppression, and the IP address and user agent of every audit event about them. The events
 * themselves stay (what happened, when, under a random id that no longer leads to anyone):
 * the trail must remain complete and verifiable. Audited, like every admin action.
 */
export async function eraseUserData(
  actor: AdminActor,
  userId: string,
  confirmEmail: string,
  now: Date = new Date(),
): Promise<ErasureResult> {
  if (userId === actor.userId) throw new AppError("conflict", "You cannot erase your own account from here; ask another administrator.");
  return db.$transaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
      if (!user) throw new AppError("not-found", "That account does not exist (already erased?).");
      if (user.email.toLowerCase() !== confirmEmail.trim().toLowerCase()) {
        throw new AppError("invalid-input", "Type the account's address exactly to confirm the erasure.");
      }
      const attempts = await tx.loginAttempt.findMany({ where: { OR: [{ userId }, { email: user.email }] }, select: { id: true } });
      const attemptIds = attempts.map((attempt) => attempt.id);
      const auditEvents = await eraseAuditPersonalData(
        tx,
        { userId, attemptIds },
        { type: "data.user_erased", userId, details: { targetUserId: userId, attempts: attemptIds.length } },
        1_000_000,
        now,
      );
      if (auditEvents === 0) {
        await recordEvents(
          tx,
          [
            {
              type: "data.user_erased",
              userId,
              outcome: "success",
              details: { targetUserId: userId, attempts: attemptIds.length, personalFieldsErased: 0 },
            },
          ],
          now,
        );
      }
      await tx.loginAttempt.updateMany({
        where: { id: { in: attemptIds } },
        data: {
          email: ERASED_ADDRESS,
          requestIp: null,
          requestUserAgent: null,
          approverIp: null,
          approverUserAgent: null,
          redeemIp: null,
          redeemUserAgent: null,
          smtpResponse: null,
        },
      });
      const outbox = await tx.emailOutbox.deleteMany({ where: { OR: [{ to: user.email }, { attemptId: { in: attemptIds } }] } });
      await tx.emailSuppression.deleteMany({ where: { email: user.email.toLowerCase() } });
      // Grants Auth.js never got to use keep the address they were issued for.
      await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
      // Burst alerts name the address in their title and details.
      await tx.alert.updateMany({
        where: { OR: [{ userId }, { attemptId: { in: attemptIds } }] },
        data: { title: "Alert about an erased person", details: {} },
      });
      await tx.user.delete({ where: { id: userId } });
      await recordEvents(
        tx,
        [
          adminActionEvent(actor, "user.erase", {
            targetUserId: userId,
            attempts: attemptIds.length,
            auditEvents,
            outboxMessages: outbox.count,
          }),
        ],
        now,
      );
      return { attempts: attemptIds.length, auditEvents, outboxMessages: outbox.count };
    },
    { timeout: 60_000 },
  );
}
