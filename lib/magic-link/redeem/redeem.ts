import { db } from "../../db";
import { OPEN_STATUSES } from "../attempt-status";
import { insertPendingEvents, pendingEventsJson, recordEvents } from "../../audit/record-events";
import { Prisma } from "../../generated/prisma/client";
import { streakKey } from "../../rate-limit/code-failure-streak";
import { newId } from "../../security/ids";
import { decideApprovedFinish } from "../cross-device/decide-approval";
import type { FailureReason } from "../failure-reasons";
import { decideLinkRedemption } from "../link/decide-link";
import { failureEventType } from "../failure-events";
import { attemptFacts, loadAttempt, loadAttemptWithToken, redemptionSettings, type LoadedAttempt } from "../load-attempt";
import { newSignInGrant } from "./sign-in-grant";
import type { RequestFacts } from "../../request/request-facts";
import { assessRiskAfterResponse } from "../../risk/assess-after-response";

export type RedeemResult = { ok: true; redirectTo: string } | { ok: false; reason: FailureReason };

export type RedeemVia = "same-browser" | "other-device-confirmed" | "code" | "cross-device-approval";

/** What the winning redemption must still find on the attempt, besides being open and unexpired. */
export interface RedeemConditions {
  bindingHash?: string;
  codeHash?: string;
  /** Approved by another device and waiting for the original browser. */
  approved?: boolean;
  /**
   * A typed code: the try it holds is counted in codeFailures, which must still be within the
   * cap when the attempt is redeemed. The try is given back and the address's streak of wrong
   * codes ends, in the same statement.
   */
  codeMaxTries?: number;
}

/**
 * The one atomic step that turns an attempt into a sign-in: a single statement whose
 * conditional UPDATE (open, unexpired, plus the caller's own conditions) lets exactly one of
 * any number of parallel redemptions win. In the same statement the winner gets a
 * browser-bound grant for Auth.js (sign-in-grant.ts) and each redemption its audit events:
 * the winner's, or the loser's "lost the race". One statement rather than a transaction of
 * model queries: this is a hot path (npm run bench).
 */
export async function redeemAtomically(
  attempt: LoadedAttempt,
  conditions: RedeemConditions,
  via: RedeemVia,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<RedeemResult> {
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const grant = newSignInGrant({ email: attempt.email, callbackPath: attempt.callbackPath }, now);
  const won = pendingEventsJson(
    [
      { type: via === "code" ? "code.succeeded" : "link.confirmed", ...context, outcome: "success", details: { via } },
      { type: "attempt.redeemed", ...context, outcome: "success", details: { via } },
    ],
    now,
  );
  const lost = pendingEventsJson(
    [{ type: "attempt.reuse", ...context, outcome: "failure", reason: "lost the race to another redemption" }],
    now,
  );
  const stamp = now.toISOString();
  const byCode = conditions.codeMaxTries !== undefined;
  const [row] = await db.$queryRaw<Array<{ won: boolean }>>`
    WITH won AS (
      UPDATE "LoginAttempt"
      SET status = 'REDEEMED', "redeemedAt" = ${stamp}::timestamp(3), "confirmedAt" = ${stamp}::timestamp(3),
        "redeemedVia" = ${via}, "redeemIp" = ${facts.ip}, "redeemUserAgent" = ${facts.userAgent},
        "codeFailures" = "codeFailures" - ${byCode ? 1 : 0}
      WHERE id = ${attempt.id} AND "expiresAt" > ${stamp}::timestamp(3) AND status::text = ANY(${OPEN_STATUSES})
        AND (${conditions.bindingHash ?? null}::text IS NULL OR "bindingHash" = ${conditions.bindingHash ?? null})
        AND (${conditions.codeHash ?? null}::text IS NULL OR "codeHash" = ${conditions.codeHash ?? null})
        AND (${conditions.codeMaxTries ?? null}::int IS NULL OR "codeFailures" <= ${conditions.codeMaxTries ?? null})
        AND (NOT ${conditions.approved ?? false} OR (status = 'AWAITING_APPROVAL' AND "approvedAt" IS NOT NULL))
      RETURNING id
    ), streak_ended AS (
      DELETE FROM "CodeFailureStreak" WHERE ${byCode} AND key = ${streakKey.signInCode(attempt.email)} AND EXISTS (SELECT 1 FROM won)
    ), grant_row AS (
      INSERT INTO "SignInGrant" (id, "tokenHash", "attemptId", "bindingHash", "expiresAt", "createdAt")
      SELECT ${newId()}, ${grant.tokenHash}, won.id, ${facts.deviceHash}, ${grant.expiresAt.toISOString()}::timestamp(3), ${stamp}::timestamp(3) FROM won
    ), auth_token AS (
      INSERT INTO "VerificationToken" (identifier, token, expires)
      SELECT ${attempt.email}, ${grant.tokenHash}, ${grant.expiresAt.toISOString()}::timestamp(3) FROM won
    ), events AS (${insertPendingEvents(Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM won) THEN ${won}::jsonb ELSE ${lost}::jsonb END`)}
    )
    SELECT EXISTS (SELECT 1 FROM won) AS won`;
  return row.won ? { ok: true, redirectTo: grant.callbackUrl } : { ok: false, reason: "already-used" };
}

/**
 * The explicit POST from the landing page (one click, or the safe auto-submit in the same
 * browser). Scored after the answer unless the link named no attempt (junk must not crowd
 * real sign-ins out of the queue).
 */
export async function redeemLink(
  attemptId: string,
  token: string,
  confirmedOtherDevice: boolean,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<RedeemResult> {
  const result = await decideAndRedeemLink(attemptId, token, confirmedOtherDevice, facts, now);
  if (result.ok || result.reason !== "not-found") await assessRiskAfterResponse(attemptId);
  return result;
}

async function decideAndRedeemLink(
  attemptId: string,
  token: string,
  confirmedOtherDevice: boolean,
  facts: RequestFacts & { deviceHash: string },
  now: Date,
): Promise<RedeemResult> {
  const attempt = await loadAttemptWithToken(attemptId, token);
  if (!attempt) return { ok: false, reason: "not-found" };
  const decision = decideLinkRedemption(
    attemptFacts(attempt),
    { bindingHash: facts.deviceHash, confirmedOtherDevice },
    redemptionSettings(),
    now,
  );
  if (!decision.allowed) return refuse(attempt, decision.reason, facts, now);
  const sameBrowser: RedeemConditions = decision.via === "same-browser" ? { bindingHash: facts.deviceHash } : {};
  return redeemAtomically(attempt, sameBrowser, decision.via, facts, now);
}

/**
 * The original tab finishing after another device approved it by number matching; scored
 * after the answer whatever the outcome (the tab's sealed cookie names the attempt, no junk).
 */
export async function finishApprovedSignIn(
  attemptId: string,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<RedeemResult> {
  const result = await decideAndFinishApprovedSignIn(attemptId, facts, now);
  await assessRiskAfterResponse(attemptId);
  return result;
}

async function decideAndFinishApprovedSignIn(
  attemptId: string,
  facts: RequestFacts & { deviceHash: string },
  now: Date,
): Promise<RedeemResult> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt) return { ok: false, reason: "not-found" };
  const decision = decideApprovedFinish(attemptFacts(attempt), { bindingHash: facts.deviceHash }, now);
  if (!decision.allowed) return refuse(attempt, decision.reason, facts, now);
  return redeemAtomically(attempt, { approved: true, bindingHash: facts.deviceHash }, "cross-device-approval", facts, now);
}

export async function refuse(
  attempt: LoadedAttempt,
  reason: FailureReason,
  facts: RequestFacts,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<RedeemResult> {
  await recordEvents(
    db,
    [
      {
        type: failureEventType(reason),
        attemptId: attempt.id,
        userId: attempt.userId,
        ip: facts.ip,
        userAgent: facts.userAgent,
        deviceHash: facts.deviceHash,
        outcome: "failure",
        reason,
        details,
      },
    ],
    now,
  );
  return { ok: false, reason };
}
