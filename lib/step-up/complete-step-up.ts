import "server-only";
import { cookies } from "next/headers";
import { db } from "../db";
import { usesSecureCookies } from "../env";
import { AppError } from "../errors/app-error";
import { recordEvents } from "../audit/record-events";
import { cookieNames } from "../auth/cookie-names";
import { noteFactorProven } from "../auth/known-devices";
import { type ActiveSession, hashSessionToken } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { randomToken } from "../security/secrets";
import { isStrongMethod, type StepUpMethod } from "./methods";
import { recordWithProof } from "./step-up-record";

/**
 * A successful step-up gets a new session id (ASVS 7.2.4): a new row with a new random
 * token replaces the old one in one transaction, so the old cookie is dead the moment the
 * new one exists. createdAt is kept, so the absolute timeout still counts from sign-in.
 * Throws AppError "session-gone" (409) when the session was revoked or rotated meanwhile.
 *
 * A factor (not an emailed code, not an invitation) also finishes a sign-in held back by the
 * sign-in step-up, and makes this browser recognised for the account (known-devices.ts).
 */
export async function completeStepUp(
  session: ActiveSession,
  method: StepUpMethod,
  facts: RequestFacts,
  policy: string | null,
  now: Date = new Date(),
): Promise<void> {
  const token = randomToken();
  const tokenHash = hashSessionToken(token);
  const isFactor = isStrongMethod(method);
  const finishesSignIn = session.awaitingSignInFactor && isFactor;
  await db.$transaction(async (tx) => {
    const removed = await tx.session.deleteMany({ where: { id: session.id, tokenHash: session.tokenHash } });
    if (removed.count !== 1) throw AppError.of("access", "session-gone", { status: 409 });
    await tx.session.create({
      data: {
        tokenHash,
        userId: session.userId,
        expires: session.expires,
        createdAt: session.createdAt,
        authTime: now,
        amr: session.amr.includes(method) ? session.amr : [...session.amr, method],
        stepUps: recordWithProof(session.stepUps, method, now),
        lastSeenAt: now,
        ip: session.ip,
        userAgent: session.userAgent,
        deviceHash: session.deviceHash,
        attemptId: session.attemptId,
        awaitingSignInFactor: session.awaitingSignInFactor && !isFactor,
      },
    });
    if (isFactor) await noteFactorProven(tx, session.userId, session.deviceHash, now);
    await recordEvents(
      tx,
      [
        {
          type: "stepup.succeeded",
          userId: session.userId,
          sessionHash: tokenHash,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "success",
          details: { method, policy, replacedSession: session.tokenHash, finishesSignIn },
        },
      ],
      now,
    );
  });
  (await cookies()).set(cookieNames.session(), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: usesSecureCookies(),
    expires: session.expires,
  });
}

export async function recordStepUpFailure(
  session: ActiveSession,
  method: StepUpMethod,
  reason: string,
  facts: RequestFacts,
  policy: string | null,
): Promise<void> {
  await recordEvents(db, [
    {
      type: "stepup.failed",
      userId: session.userId,
      sessionHash: session.tokenHash,
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
      outcome: "failure",
      reason,
      details: { method, policy },
    },
  ]);
}
