import { db } from "../db";
import { logEvent } from "../log";
import { recordEvents } from "../audit/record-events";
import { classifySendFailure, decideRetry, type SendFailureFacts } from "./decide-retry";
import { readEnv } from "../env";
import type { DeliveryProblem } from "./delivery-problem";
import type { ClaimedRow } from "./deliver-outbox";

export const MAX_TRIES = 10;

/** Backoff after the n-th failed try: 2 s, 4 s, 8 s … (EMAIL_RETRY_BASE_SECONDS doubling) capped at 5 minutes. */
export function retryDelayMs(tries: number, baseSeconds = readEnv().EMAIL_RETRY_BASE_SECONDS): number {
  return Math.min(baseSeconds * 1_000 * 2 ** Math.max(0, tries - 1), 5 * 60_000);
}

/**
 * A try failed: decideRetry says whether the message waits for another (a temporary failure,
 * with time left before its link expires) or is given up (a permanent refusal, or no time
 * left). Either way the attempt shows it to the waiting tab ("retrying" or "refused") and an
 * email.failed event says which kind of failure it was.
 */
export async function recordSendFailure(row: ClaimedRow, facts: SendFailureFacts, error: string, now: Date = new Date()): Promise<void> {
  const tries = row.tries + 1;
  const failure = classifySendFailure(facts);
  const decision = decideRetry({
    failure,
    tries,
    maxTries: MAX_TRIES,
    delayMs: retryDelayMs(tries),
    linkExpiresAt: row.linkExpiresAt,
    now,
  });
  logEvent("warn", "email.failed", {
    outboxId: row.id,
    attemptId: row.attemptId,
    tries,
    failure,
    willRetry: decision.retry,
    error: error.slice(0, 200),
  });
  await db.$transaction(async (tx) => {
    await tx.emailOutbox.update({
      where: { id: row.id },
      data: {
        tries,
        lastError: error.slice(0, 500),
        lockedUntil: null,
        ...(decision.retry ? { nextTryAt: decision.nextTryAt } : { status: "DEAD", payload: null }),
      },
    });
    if (row.attemptId) {
      await tx.loginAttempt.updateMany({
        where: { id: row.attemptId },
        data: {
          deliveryStatus: "FAILED",
          deliveryProblem: (decision.retry ? "retrying" : "refused") satisfies DeliveryProblem,
          smtpResponse: error.slice(0, 200),
        },
      });
      await tx.loginAttempt.updateMany({ where: { id: row.attemptId, status: "PENDING" }, data: { status: "DELIVERY_FAILED" } });
    }
    await recordEvents(
      tx,
      [
        {
          type: "email.failed",
          attemptId: row.attemptId,
          outcome: "failure",
          reason: error.slice(0, 200),
          details: {
            tries,
            failure,
            willRetry: decision.retry,
            kind: row.kind,
            ...(facts.responseCode !== undefined ? { smtpReply: facts.responseCode } : {}),
            ...(decision.retry ? { nextTryAt: decision.nextTryAt.toISOString() } : { stoppedBecause: decision.because }),
          },
        },
      ],
      now,
    );
  });
}
