import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import type { RequestFacts } from "../request/request-facts";
import { keyedHash } from "../security/secrets";
import { maskEmail, REVERT_WINDOW_DAYS } from "./email-change-links";
import { EmailChangeError } from "./email-change-error";
import type { EmailChangeOutcome } from "./confirm-email-change";
import { endSessions } from "./sessions";
import { supersedeOpenAttempts } from "./supersede-attempts";

/**
 * "This wasn't me": the old mailbox's one-click undo. The old address comes back, every
 * session ends (whoever made the change is signed out) and pending links die. Works for
 * REVERT_WINDOW_DAYS after the change, once.
 */
export async function revertEmailChange(changeId: string, token: string, facts: RequestFacts, now: Date = new Date()): Promise<EmailChangeOutcome> {
  try {
    const email = await db.$transaction(async (tx) => {
      const change = await tx.emailChange.findUnique({ where: { revertHash: keyedHash("email-change", token) } });
      if (!change || change.id !== changeId) throw new EmailChangeError("invalid-link");
      const windowStart = new Date(now.getTime() - REVERT_WINDOW_DAYS * 24 * 3_600_000);
      const claimed = await tx.emailChange.updateMany({
        where: { id: change.id, revertedAt: null, confirmedAt: { gt: windowStart } },
        data: { revertedAt: now },
      });
      if (claimed.count !== 1) {
        const latest = await tx.emailChange.findUnique({ where: { id: change.id }, select: { revertedAt: true } });
        throw new EmailChangeError(latest?.revertedAt ? "already-used" : "expired");
      }
      const user = await tx.user.findUnique({ where: { id: change.userId }, select: { email: true, lockedAt: true } });
      if (user?.lockedAt) throw new EmailChangeError("locked");
      if (user?.email !== change.newEmail) throw new EmailChangeError("stale");
      if ((await tx.user.count({ where: { email: change.oldEmail } })) > 0) throw new EmailChangeError("address-taken");
      await tx.user.update({ where: { id: change.userId }, data: { email: change.oldEmail, emailVerified: now } });
      await tx.emailChange.deleteMany({ where: { userId: change.userId, confirmedAt: null } });
      await endSessions(tx, { userId: change.userId, reason: "email change undone" }, facts, now);
      await supersedeOpenAttempts(tx, [change.oldEmail, change.newEmail], change.userId, "email-change-reverted", now);
      await recordEvents(tx, [
        { type: "email.change_reverted", userId: change.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash, outcome: "success", details: { restored: maskEmail(change.oldEmail), from: maskEmail(change.newEmail), changeId: change.id } },
      ], now);
      return change.oldEmail;
    });
    return { ok: true, email };
  } catch (error) {
    if (error instanceof EmailChangeError) return { ok: false, code: error.code };
    throw error;
  }
}
