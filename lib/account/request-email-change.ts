import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { type ActiveSession } from "../auth/session-store";
import { parseEmailAddress } from "../magic-link/request/email-address";
import type { RequestFacts } from "../request/request-facts";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { consume, limiterFor } from "../rate-limit/limiters";
import { keyedHash, randomToken } from "../security/secrets";
import { emailChangeConfirm } from "@/emails/notices";
import { confirmEmailChangeUrl, EMAIL_CHANGE_TTL_MINUTES, maskEmail } from "./email-change-links";

export type EmailChangeRequest =
  { ok: true; newEmail: string } | { ok: false; code: "invalid-email" | "same-address" | "rate-limited"; message: string };

// A stepped-up session could still use this to mail strangers; three a hour is plenty for people.
const REQUESTS = { points: 3, durationSeconds: 3600 };

/**
 * Sends a confirmation link to the new address; nothing changes until it is used. The
 * caller has checked account.changeEmail. An address that belongs to another account gets
 * the same answer and no email, so the form cannot be used to find out who has an account.
 */
export async function requestEmailChange(
  session: ActiveSession,
  input: unknown,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<EmailChangeRequest> {
  const parsed = parseEmailAddress(input);
  if (!parsed.ok) return { ok: false, code: "invalid-email", message: parsed.message };
  const newEmail = parsed.email;
  if (newEmail === session.user.email) return { ok: false, code: "same-address", message: "That is already your address." };
  const budget = await consume(limiterFor("email-change-requests", REQUESTS), session.userId);
  if (!budget.allowed) return { ok: false, code: "rate-limited", message: "Too many changes asked for. Try again in an hour." };

  const taken = (await db.user.count({ where: { email: newEmail } })) > 0;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    // Only the newest request can be confirmed.
    await tx.emailChange.deleteMany({ where: { userId: session.userId, confirmedAt: null } });
    const change = await tx.emailChange.create({
      data: {
        userId: session.userId,
        oldEmail: session.user.email,
        newEmail,
        tokenHash: keyedHash("email-change", token),
        expiresAt,
        createdAt: now,
      },
    });
    if (!taken) {
      const notice = emailChangeConfirm({
        appName: readEnv().APP_NAME,
        newEmail,
        confirmUrl: confirmEmailChangeUrl(change.id, token),
        expiresAt,
      });
      await enqueueEmail(tx, { to: newEmail, payload: { kind: "notice", ...notice } });
    }
    await recordEvents(
      tx,
      [
        {
          type: "email.change_requested",
          userId: session.userId,
          sessionHash: session.tokenHash,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: taken ? "failure" : "success",
          reason: taken ? "address belongs to another account: nothing sent" : null,
          details: { newAddress: maskEmail(newEmail), changeId: change.id },
        },
      ],
      now,
    );
  });
  kickOutbox();
  return { ok: true, newEmail };
}
