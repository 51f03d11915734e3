import { db } from "../db";
import { OPEN_STATUSES } from "./request-sign-in";
import { recordEvents, recordEventsNow } from "../audit/record-events";
import type { Prisma } from "../generated/prisma/client";
import { decideApprovedFinish, decideLinkRedemption, type FailureReason } from "./decide-redemption";
import { failureEventType } from "./failure-events";
import { attemptFacts, loadAttempt, loadAttemptWithToken, redemptionSettings, type LoadedAttempt } from "./load-attempt";
import { mintSignInGrant } from "./sign-in-grant";
import type { RequestFacts } from "./request-facts";

export type RedeemResult = { ok: true; redirectTo: string } | { ok: false; reason: FailureReason };

export type RedeemVia = "same-browser" | "other-device-confirmed" | "code" | "cross-device-approval";

/**
 * The one atomic step that turns an attempt into a sign-in: a single conditional UPDATE
 * (open, unexpired, plus the caller's own conditions), so of any number of parallel
 * redemptions exactly one wins. The winner gets a browser-bound grant for Auth.js.
 */
export async function redeemAtomically(
  attempt: LoadedAttempt,
  conditions: Prisma.LoginAttemptWhereInput,
  via: RedeemVia,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<RedeemResult> {
  return db.$transaction(async (tx) => {
    const won = await tx.loginAttempt.updateMany({
      where: { id: attempt.id, expiresAt: { gt: now }, status: { in: [...OPEN_STATUSES] }, ...conditions },
      data: {
        status: "REDEEMED",
        redeemedAt: now,
        confirmedAt: now,
        redeemedVia: via,
        redeemIp: facts.ip,
        redeemUserAgent: facts.userAgent,
      },
    });
    const context = {
      attemptId: attempt.id,
      userId: attempt.userId,
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
    };
    if (won.count !== 1) {
      await recordEvents(
        tx,
        [{ type: "attempt.reuse", ...context, outcome: "failure", reason: "lost the race to another redemption" }],
        now,
      );
      return { ok: false, reason: "already-used" } as const;
    }
    const redirectTo = await mintSignInGrant(
      tx,
      { attemptId: attempt.id, email: attempt.email, bindingHash: facts.deviceHash, callbackPath: attempt.callbackPath },
      now,
    );
    await recordEvents(
      tx,
      [
        { type: via === "code" ? "code.succeeded" : "link.confirmed", ...context, outcome: "success", details: { via } },
        { type: "attempt.redeemed", ...context, outcome: "success", details: { via } },
      ],
      now,
    );
    return { ok: true, redirectTo } as const;
  });
}

/** The explicit POST from the landing page (one click, or the safe auto-submit in the same browser). */
export async function redeemLink(
  attemptId: string,
  token: string,
  confirmedOtherDevice: boolean,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
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
  const sameBrowser = decision.via === "same-browser" ? { bindingHash: facts.deviceHash } : {};
  return redeemAtomically(attempt, sameBrowser, decision.via, facts, now);
}

/** The original tab finishing after another device approved it by number matching. */
export async function finishApprovedSignIn(
  attemptId: string,
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<RedeemResult> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt) return { ok: false, reason: "not-found" };
  const decision = decideApprovedFinish(attemptFacts(attempt), { bindingHash: facts.deviceHash }, now);
  if (!decision.allowed) return refuse(attempt, decision.reason, facts, now);
  return redeemAtomically(
    attempt,
    { status: "AWAITING_APPROVAL", approvedAt: { not: null }, bindingHash: facts.deviceHash },
    "cross-device-approval",
    facts,
    now,
  );
}

export async function refuse(attempt: LoadedAttempt, reason: FailureReason, facts: RequestFacts, now: Date): Promise<RedeemResult> {
  await recordEventsNow(
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
      },
    ],
    now,
  );
  return { ok: false, reason };
}
