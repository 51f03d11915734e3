import type { Tx } from "../../db";
import type { FeedbackNotice } from "./feedback-notice";

export interface MatchedMessage {
  outboxId: string | null;
  attemptId: string | null;
  userId: string | null;
  /** "magic-link", "notice"…; null when only the attempt was found. */
  kind: string | null;
}

/** Message ids as stored by nodemailer ("<…@…>") and as providers report them (often without brackets). */
function idVariants(id: string): string[] {
  const bare = id.trim().replace(/^<|>$/g, "");
  return [bare, `<${bare}>`];
}

const PROVIDER_ID = /^[A-Za-z0-9._@+=-]{6,200}$/;

/**
 * The message a notice is about, for one recipient:
 * 1. by the Message-ID we sent (EmailOutbox.messageId), when the provider reports it (SES with
 *    original headers included) or uses it as its own id;
 * 2. else by the provider's own id in the SMTP reply it gave our outbox (SES answers
 *    "250 Ok <its message id>"), among the sign-in attempts for that recipient.
 * The recipient must be the message's: a notice never lands on someone else's timeline.
 */
export async function matchMessage(tx: Tx, notice: FeedbackNotice, recipient: string): Promise<MatchedMessage | null> {
  const ids = [notice.originalMessageId, notice.providerMessageId].filter((id): id is string => Boolean(id)).flatMap(idVariants);
  const outbox = ids.length
    ? await tx.emailOutbox.findFirst({
        where: { messageId: { in: ids } },
        orderBy: { createdAt: "desc" },
        select: { id: true, to: true, kind: true, attemptId: true },
      })
    : null;
  if (outbox && outbox.to.toLowerCase() === recipient.toLowerCase()) {
    const attempt = outbox.attemptId
      ? await tx.loginAttempt.findUnique({ where: { id: outbox.attemptId }, select: { userId: true } })
      : null;
    return { outboxId: outbox.id, attemptId: outbox.attemptId, userId: attempt?.userId ?? null, kind: outbox.kind };
  }
  const providerId = notice.providerMessageId;
  if (!providerId || !PROVIDER_ID.test(providerId)) return null;
  const [attempt] = await tx.$queryRaw<Array<{ id: string; userId: string | null }>>`
    SELECT id, "userId" FROM "LoginAttempt"
    WHERE email = ${recipient} AND position(${providerId} IN "smtpResponse") > 0
    ORDER BY "requestedAt" DESC LIMIT 1`;
  return attempt ? { outboxId: null, attemptId: attempt.id, userId: attempt.userId, kind: "magic-link" } : null;
}
