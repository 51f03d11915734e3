import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { SKIP_REASON_TEXT, type SkipReason } from "./decide-send";
import { suppressionProblem } from "./delivery-problem";
import type { ActiveSuppression } from "./suppression";

const SUPPRESSED_BECAUSE = { "hard-bounce": "it bounced permanently", complaint: "its owner reported our mail as spam" } as const;

/**
 * Drops a claimed message that decideSend refused instead of sending it: the row is closed
 * (payload wiped, like any message that will never go out), the attempt records that its
 * email was not sent, and an email.skipped event says why. Only if the row is still this
 * claim's, as for a send.
 *
 * A suppressed address also moves the attempt to DELIVERY_FAILED with a problem the waiting
 * tab explains; a closed link needs no explaining (the tab already says superseded, expired…).
 */
export async function skipUnsendable(
  row: { id: string; kind: string; attemptId: string | null },
  lease: Date,
  skip: { reason: SkipReason; suppression: ActiveSuppression | null },
  now: Date = new Date(),
): Promise<boolean> {
  const { reason, suppression } = skip;
  const suppressed = reason === "address-suppressed" && suppression;
  const why = suppressed
    ? `not sent: the address is suppressed until ${suppression.until.toISOString()} because ${SUPPRESSED_BECAUSE[suppression.reason]}`
    : `not sent: ${SKIP_REASON_TEXT[reason]}`;
  return db.$transaction(async (tx) => {
    const closed = await tx.emailOutbox.updateMany({
      where: { id: row.id, status: "PENDING", lockedUntil: lease },
      data: { status: "DEAD", payload: null, lockedUntil: null, lastError: why },
    });
    if (closed.count !== 1) return false;
    if (row.attemptId) {
      await tx.loginAttempt.updateMany({
        where: { id: row.attemptId },
        data: {
          deliveryStatus: "FAILED",
          smtpResponse: why.slice(0, 200),
          deliveryProblem: suppressed ? suppressionProblem(suppression.reason) : null,
        },
      });
      if (suppressed)
        await tx.loginAttempt.updateMany({ where: { id: row.attemptId, status: "PENDING" }, data: { status: "DELIVERY_FAILED" } });
    }
    await recordEvents(
      tx,
      [
        {
          type: "email.skipped",
          attemptId: row.attemptId,
          outcome: "failure",
          reason: SKIP_REASON_TEXT[reason],
          details: {
            kind: row.kind,
            skipped: reason,
            ...(suppressed ? { suppression: suppression.reason, until: suppression.until.toISOString() } : {}),
          },
        },
      ],
      now,
    );
    return true;
  });
}
