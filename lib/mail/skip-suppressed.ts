import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import type { ActiveSuppression } from "./suppression";

const WORDS = { "hard-bounce": "it bounced permanently", complaint: "its owner reported our mail as spam" } as const;

/**
 * Drops a claimed message to a suppressed address instead of sending it: the row is closed
 * (payload wiped, like any message that will never go out), the attempt shows that its email
 * could not be sent, and an email.skipped event says why. Only if the row is still this
 * claim's, as for a send.
 */
export async function skipSuppressed(
  row: { id: string; kind: string; attemptId: string | null; tries: number },
  lease: Date,
  suppression: ActiveSuppression,
  now: Date = new Date(),
): Promise<boolean> {
  const why = `not sent: the address is suppressed until ${suppression.until.toISOString()} because ${WORDS[suppression.reason]}`;
  return db.$transaction(async (tx) => {
    const closed = await tx.emailOutbox.updateMany({
      where: { id: row.id, status: "PENDING", lockedUntil: lease },
      data: { status: "DEAD", payload: null, lockedUntil: null, lastError: why },
    });
    if (closed.count !== 1) return false;
    if (row.attemptId) {
      await tx.loginAttempt.updateMany({ where: { id: row.attemptId }, data: { deliveryStatus: "FAILED", smtpResponse: why.slice(0, 200) } });
      await tx.loginAttempt.updateMany({ where: { id: row.attemptId, status: "PENDING" }, data: { status: "DELIVERY_FAILED" } });
    }
    await recordEvents(
      tx,
      [{ type: "email.skipped", attemptId: row.attemptId, outcome: "failure", reason: "address suppressed", details: { kind: row.kind, suppression: suppression.reason, until: suppression.until.toISOString() } }],
      now,
    );
    return true;
  });
}
