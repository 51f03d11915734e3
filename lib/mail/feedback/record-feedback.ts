import { db as defaultDb, type Db, type Tx } from "../../db";
import { recordEvents, type AuditEventInput } from "../../audit/record-events";
import { keyedHash } from "../../security/secrets";
import { newId } from "../../security/ids";
import type { DeliveryProblem } from "../delivery-problem";
import { suppressAddress } from "../suppression";
import type { FeedbackNotice } from "./feedback-notice";
import { matchMessage } from "./match-message";

export interface FeedbackOutcome {
  /** The provider sent this notification before: nothing was changed this time. */
  duplicate: boolean;
  events: number;
  matched: number;
  suppressed: number;
}

const EVENT_TYPES = { delivered: "email.delivered", bounced: "email.bounced", complained: "email.complained" } as const;

/**
 * Takes in one authenticated notice, once: its provider id is claimed first (a replay finds
 * it taken and changes nothing), then each recipient gets an event on the timeline of the
 * message it is about, and a hard bounce or complaint suppresses the address. Events carry no
 * address: a matched message names it already, an unmatched one gets a keyed hash.
 */
export async function recordDeliveryFeedback(notice: FeedbackNotice, now: Date = new Date(), db: Db = defaultDb): Promise<FeedbackOutcome> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      INSERT INTO "DeliveryFeedback" (id, provider, "eventKey", kind, "receivedAt")
      VALUES (${newId()}, ${notice.provider}, ${notice.eventKey}, ${notice.kind}, ${now})
      ON CONFLICT (provider, "eventKey") DO NOTHING`;
    if (claimed === 0) return { duplicate: true, events: 0, matched: 0, suppressed: 0 };

    const events: AuditEventInput[] = [];
    let matched = 0;
    let suppressed = 0;
    let first: { attemptId: string | null; outboxId: string | null } | null = null;
    for (const recipient of notice.recipients) {
      const message = await matchMessage(tx, notice, recipient);
      if (message) {
        matched++;
        first ??= { attemptId: message.attemptId, outboxId: message.outboxId };
        if (notice.kind === "bounced" && message.attemptId) await markAttemptBounced(tx, message.attemptId);
      }
      const suppress = notice.kind === "complained" || notice.bounce === "hard";
      const until = suppress
        ? await suppressAddress(tx, recipient, notice.kind === "complained" ? "complaint" : "hard-bounce", notice.provider, now)
        : null;
      if (until) suppressed++;
      events.push({
        type: EVENT_TYPES[notice.kind],
        attemptId: message?.attemptId ?? null,
        userId: message?.userId ?? null,
        outcome: notice.kind === "delivered" ? "success" : "failure",
        reason: notice.detail,
        details: {
          provider: notice.provider,
          providerMessageId: notice.providerMessageId,
          ...(notice.bounce ? { bounce: notice.bounce } : {}),
          ...(message
            ? { outboxId: message.outboxId, mailKind: message.kind }
            : { matched: false, recipientHash: keyedHash("email", recipient.toLowerCase()).slice(0, 16) }),
          ...(until ? { suppressedUntil: until.toISOString() } : {}),
          ...(notice.occurredAt ? { occurredAt: notice.occurredAt.toISOString() } : {}),
        },
      });
    }
    await recordEvents(tx, events, now);
    if (first)
      await tx.deliveryFeedback.update({
        where: { provider_eventKey: { provider: notice.provider, eventKey: notice.eventKey } },
        data: first,
      });
    return { duplicate: false, events: events.length, matched, suppressed };
  });
}

/** The sign-in email never reached the person: the waiting tab says so and offers a new one. */
async function markAttemptBounced(tx: Tx, attemptId: string) {
  await tx.loginAttempt.updateMany({
    where: { id: attemptId },
    data: { deliveryStatus: "FAILED", deliveryProblem: "bounced" satisfies DeliveryProblem },
  });
  await tx.loginAttempt.updateMany({ where: { id: attemptId, status: "PENDING" }, data: { status: "DELIVERY_FAILED" } });
}
