import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents, recordEventsNow, type AuditEventInput } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { keyedHash, randomCode, randomToken } from "../security/secrets";
import { checkSignInLimits, claimRepeatedRequestNotice } from "../rate-limit/sign-in-limits";
import { repeatedRequestsNotice } from "@/emails/notices";
import { describeDevice } from "./device-description";
import type { RequestFacts } from "./request-facts";

export const OPEN_STATUSES = ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"] as const;

export type SignInRequestOutcome = { issued: true; attemptId: string } | { issued: false; reason: "rate-limited" | "account-locked" };

/**
 * Handles one sign-in request for an already validated, canonical address. Known and
 * unknown addresses take the same path (the account is created on first redemption), and
 * the email is sent by the outbox after the answer, so neither content nor timing tells
 * whether an account exists.
 */
export async function requestSignIn(
  input: { email: string; callbackPath: string },
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<SignInRequestOutcome> {
  const env = readEnv();
  const context = { ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const limit = await checkSignInLimits({ email: input.email, ip: facts.ip, deviceHash: facts.deviceHash });
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, lockedAt: true } });

  if (limit.limited) {
    await recordRateLimited(input.email, user?.id ?? null, limit.by, limit.storeFailed, context, now);
    return { issued: false, reason: "rate-limited" };
  }
  if (user?.lockedAt) {
    await recordEventsNow(
      db,
      [{ type: "attempt.requested", userId: user.id, outcome: "failure", reason: "account-locked", ...context }],
      now,
    );
    return { issued: false, reason: "account-locked" };
  }

  const token = randomToken();
  const code = randomCode();
  const expiresAt = new Date(now.getTime() + env.LINK_TTL_MINUTES * 60_000);
  const attemptId = await db.$transaction(async (tx) => {
    const superseded = await tx.loginAttempt.findMany({
      where: { email: input.email, status: { in: [...OPEN_STATUSES] } },
      select: { id: true },
    });
    // Most requests have nothing to supersede: skip the round trip (a hot path, see npm run bench).
    if (superseded.length > 0) {
      await tx.loginAttempt.updateMany({
        where: { id: { in: superseded.map((a) => a.id) }, status: { in: [...OPEN_STATUSES] } },
        data: { status: "SUPERSEDED", failedAt: now, failureReason: "superseded" },
      });
    }
    const attempt = await tx.loginAttempt.create({
      data: {
        email: input.email,
        userId: user?.id,
        linkTokenHash: keyedHash("link-token", token),
        codeHash: keyedHash("code", code),
        bindingHash: facts.deviceHash,
        callbackPath: input.callbackPath,
        requestIp: facts.ip,
        requestUserAgent: facts.userAgent,
        requestedAt: now,
        expiresAt,
      },
      select: { id: true },
    });
    await enqueueEmail(tx, {
      to: input.email,
      attemptId: attempt.id,
      payload: {
        kind: "magic-link",
        url: `${env.AUTH_URL}/verify/${attempt.id}#${token}`,
        code,
        expiresAt: expiresAt.toISOString(),
        minutesValid: env.LINK_TTL_MINUTES,
        requestedFrom: `${describeDevice(facts.userAgent).label}, ${facts.ip}`,
      },
    });
    const events: AuditEventInput[] = [
      ...superseded.map((old) => ({
        type: "attempt.superseded" as const,
        attemptId: old.id,
        userId: user?.id,
        outcome: "info" as const,
        reason: "a newer link was requested",
        details: { supersededBy: attempt.id },
      })),
      {
        type: "attempt.requested",
        attemptId: attempt.id,
        userId: user?.id,
        outcome: "success",
        ...context,
        details: { callbackPath: input.callbackPath },
      },
      {
        type: "link.issued",
        attemptId: attempt.id,
        userId: user?.id,
        outcome: "info",
        details: { expiresAt: expiresAt.toISOString(), ttlMinutes: env.LINK_TTL_MINUTES },
      },
      { type: "email.queued", attemptId: attempt.id, outcome: "info" },
    ];
    await recordEvents(tx, events, now);
    return attempt.id;
  });
  kickOutbox();
  return { issued: true, attemptId };
}

async function recordRateLimited(
  email: string,
  userId: string | null,
  by: string,
  storeFailed: boolean,
  context: { ip: string; userAgent: string | null; deviceHash: string },
  now: Date,
) {
  const sendNotice = by === "email" && (await claimRepeatedRequestNotice(email));
  await db.$transaction(async (tx) => {
    const events: AuditEventInput[] = [
      {
        type: "attempt.rate_limited",
        userId,
        outcome: "failure",
        reason: storeFailed ? "limit store unavailable" : `${by} limit`,
        ...context,
        details: { limit: by, emailHash: keyedHash("email", email).slice(0, 16) },
      },
    ];
    if (sendNotice) {
      const env = readEnv();
      const notice = repeatedRequestsNotice({
        appName: env.APP_NAME,
        count: env.RATE_LIMIT_PER_EMAIL.points,
        periodHours: env.REPEATED_REQUEST_NOTICE_HOURS,
        accountUrl: `${env.AUTH_URL}/account`,
      });
      await enqueueEmail(tx, { to: email, payload: { kind: "notice", ...notice } });
      events.push({ type: "email.queued", userId, outcome: "info", reason: "repeated sign-in requests notice" });
    }
    await recordEvents(tx, events, now);
  });
  if (sendNotice) kickOutbox();
}
