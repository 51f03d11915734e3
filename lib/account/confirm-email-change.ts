import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { keyedHash, randomToken } from "../security/secrets";
import { emailChangedNotice } from "@/emails/notices";
import { maskEmail, revertEmailChangeUrl } from "./email-change-links";
import { emailChangeRefusal, emailChangeRefused, type EmailChangeRefusal } from "./email-change-error";
import { endSessions } from "./sessions";
import { supersedeOpenAttempts } from "./supersede-attempts";

export type EmailChangeOutcome = { ok: true; email: string } | { ok: false; code: EmailChangeRefusal };

/**
 * The link from the new mailbox proves that address belongs to the account holder. On
 * success: the address changes, the old address gets a notice with a one-click undo, every
 * other session ends and pending sign-in links for either address die. The person need not
 * be signed in where they click; if they are, as this account, that session is kept.
 */
export async function confirmEmailChange(
  changeId: string,
  token: string,
  current: ActiveSession | null,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<EmailChangeOutcome> {
  try {
    const email = await db.$transaction(async (tx) => {
      const change = await tx.emailChange.findUnique({ where: { tokenHash: keyedHash("email-change", token) } });
      if (!change || change.id !== changeId) throw emailChangeRefused("invalid-link");
      const revertToken = randomToken();
      const claimed = await tx.emailChange.updateMany({
        where: { id: change.id, confirmedAt: null, revertedAt: null, expiresAt: { gt: now } },
        data: { confirmedAt: now, revertHash: keyedHash("email-change", revertToken) },
      });
      if (claimed.count !== 1) {
        // Read again: a racing request may have used it since the first read.
        const latest = await tx.emailChange.findUnique({ where: { id: change.id }, select: { confirmedAt: true } });
        throw emailChangeRefused(latest?.confirmedAt ? "already-used" : "expired");
      }
      const user = await tx.user.findUnique({ where: { id: change.userId }, select: { email: true, lockedAt: true } });
      if (user?.lockedAt) throw emailChangeRefused("locked");
      if (user?.email !== change.oldEmail) throw emailChangeRefused("stale");
      if ((await tx.user.count({ where: { email: change.newEmail } })) > 0) throw emailChangeRefused("address-taken");
      await tx.user.update({ where: { id: change.userId }, data: { email: change.newEmail, emailVerified: now } });

      const keep = current?.userId === change.userId ? current.id : undefined;
      await endSessions(tx, { userId: change.userId, keepSessionId: keep, reason: "email address changed" }, facts, now);
      await supersedeOpenAttempts(tx, [change.oldEmail, change.newEmail], change.userId, "email-changed", now);
      const notice = emailChangedNotice({
        appName: readEnv().APP_NAME,
        oldEmail: change.oldEmail,
        newEmail: change.newEmail,
        revertUrl: revertEmailChangeUrl(change.id, revertToken),
        at: now,
      });
      await enqueueEmail(tx, { to: change.oldEmail, payload: { kind: "notice", ...notice } });
      await recordEvents(
        tx,
        [
          {
            type: "email.changed",
            userId: change.userId,
            ip: facts.ip,
            userAgent: facts.userAgent,
            deviceHash: facts.deviceHash,
            outcome: "success",
            details: { from: maskEmail(change.oldEmail), to: maskEmail(change.newEmail), changeId: change.id },
          },
        ],
        now,
      );
      return change.newEmail;
    });
    kickOutbox();
    return { ok: true, email };
  } catch (error) {
    const refusal = emailChangeRefusal(error);
    if (refusal) return { ok: false, code: refusal };
    throw error;
  }
}
