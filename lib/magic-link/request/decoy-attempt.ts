import { readEnv } from "../../env";
import { recordEvents } from "../../audit/record-events";
import { sampleRepeat } from "../../audit/sample-repeats";
import { db } from "../../db";
import { extendStreak, streakKey } from "../../rate-limit/code-failure-streak";
import { hitCounters, readCounters, type CounterSpec } from "../../rate-limit/counters";
import { reserveGuess } from "../../rate-limit/guess-budget";
import { limitNetwork } from "../../request/client-network";
import type { RequestFacts } from "../../request/request-facts";
import type { FailureReason } from "../failure-reasons";
import type { PendingAttempt } from "./pending-attempt";
import type { OriginalTabStatus } from "./original-tab-status";
import { activeSuppression } from "../../mail/suppression";
import { decoyDelivery, type TabDelivery } from "./tab-delivery";

/**
 * A request for a locked address or one over its budget gets a decoy instead of an attempt:
 * the same cookie, then the same statuses and code answers as a real attempt whose email nobody
 * opens — sending, sent (or bounced, refused, retrying, as a real email to the address would
 * end), wrong codes counting down to "too many", expired — so that watching the
 * tab or guessing codes tells a locked or limited address apart from any other.
 */

/** About as long as the outbox takes to hand a real email to the SMTP server. */
export const DECOY_SEND_MS = 1_200;

const triesCounter = (pending: PendingAttempt): CounterSpec => ({
  name: "tries",
  key: `decoy-tries:${pending.attemptId}`,
  windowSeconds: readEnv().LINK_TTL_MINUTES * 60,
});

/**
 * Pure: what the waiting tab sees for a decoy, `triesSpent` wrong codes after it was issued.
 * Once "sent", the email ends as a real one to the same address would (decoyDelivery): an
 * address that bounces or refuses looks the same whether or not the request was refused.
 */
export function decoyTabStatus(
  pending: PendingAttempt,
  triesSpent: number,
  settings: { linkTtlMinutes: number; codeMaxTries: number },
  now: Date,
  delivered: Exclude<TabDelivery, "QUEUED"> = "SENT",
): OriginalTabStatus {
  const expiresAt = pending.issuedAt + settings.linkTtlMinutes * 60_000;
  if (triesSpent >= settings.codeMaxTries) return { phase: "failed", reason: "too-many-tries" };
  if (now.getTime() >= expiresAt) return { phase: "failed", reason: "expired" };
  const delivery = isDecoySending(pending, now) ? "QUEUED" : delivered;
  return { phase: "waiting", delivery, expiresAt: new Date(expiresAt).toISOString() };
}

const isDecoySending = (pending: PendingAttempt, now: Date) => now.getTime() - pending.issuedAt < DECOY_SEND_MS;

/** Pure: the answer to a code typed for a decoy (never right), given how many were typed before. */
export function decoyCodeAnswer(tryNumber: number, codeMaxTries: number, expired: boolean): { reason: FailureReason; triesLeft: number } {
  if (expired) return { reason: "expired", triesLeft: 0 };
  if (tryNumber > codeMaxTries) return { reason: "cancelled", triesLeft: 0 };
  const triesLeft = codeMaxTries - tryNumber;
  return { reason: triesLeft === 0 ? "too-many-tries" : "wrong-code", triesLeft };
}

export async function decoyStatus(pending: PendingAttempt, now: Date = new Date()): Promise<OriginalTabStatus> {
  const env = readEnv();
  const { tries } = await readCounters([triesCounter(pending)], now);
  const delivered = isDecoySending(pending, now) ? "SENT" : await addressDelivery(pending.email, now);
  return decoyTabStatus(pending, tries, { linkTtlMinutes: env.LINK_TTL_MINUTES, codeMaxTries: env.CODE_MAX_TRIES }, now, delivered);
}

/** How a real email to this address would end, from what the app knows (see decoyDelivery). */
async function addressDelivery(email: string, now: Date) {
  const [suppression, latest] = await Promise.all([
    activeSuppression(email, now),
    db.loginAttempt.findFirst({
      where: { email },
      orderBy: { requestedAt: "desc" },
      select: { deliveryStatus: true, deliveryProblem: true, expiresAt: true },
    }),
  ]);
  return decoyDelivery({ suppression, latest, now });
}

/** A code typed for a decoy spends the same budgets a wrong code for a real attempt would. */
export async function enterDecoyCode(
  pending: PendingAttempt,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<{ ok: false; reason: FailureReason; triesLeft: number }> {
  const env = readEnv();
  const expired = now.getTime() >= pending.issuedAt + env.LINK_TTL_MINUTES * 60_000;
  const budget = expired ? null : await reserveGuess("sign-in-code", { email: pending.email, userId: null }, facts.ip);
  if (budget && !budget.ok) return { ok: false, reason: budget.storeFailed ? "code-entry-unavailable" : "account-locked", triesLeft: 0 };
  if (!expired && (await extendStreak(streakKey.signInCode(pending.email), env.CODE_FAILURES_IN_A_ROW_MAX, now)) === null) {
    return { ok: false, reason: "codes-locked", triesLeft: 0 };
  }
  const tries = expired ? 0 : (await hitCounters([triesCounter(pending)], now)).counts.tries;
  const answer = decoyCodeAnswer(tries, env.CODE_MAX_TRIES, expired);
  const sample = await sampleRepeat("decoy-code", limitNetwork(facts.ip), now);
  if (sample.record) {
    await recordEvents(
      db,
      [
        {
          type: "code.failed",
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "failure",
          reason: "code typed for a refused sign-in request",
          details: { decoy: true, occurrences: sample.occurrences },
        },
      ],
      now,
    );
  }
  return { ok: false, ...answer };
}
