import { db } from "../../db";
import { isLoopbackHost, readEnv } from "../../env";
import { recordEvents, type AuditEventInput } from "../../audit/record-events";
import { enqueueEmail } from "../../mail/outbox";
import { kickOutbox } from "../../mail/outbox-worker";
import { keyedHash, randomCode, randomToken } from "../../security/secrets";
import { newId } from "../../security/ids";
import { insertIssuedAttempt, loadRequester } from "./issue-attempt";
import { checkSignInLimits, claimRepeatedRequestNotice } from "../../rate-limit/sign-in-limits";
import { repeatedRequestsNotice } from "@/emails/notices";
import { describeDevice } from "../../request/device-description";
import { limitNetwork } from "../../request/client-network";
import { sampleRepeat } from "../../audit/sample-repeats";
import type { RequestFacts } from "../../request/request-facts";
import { assessRiskAfterResponse } from "../../risk/assess-after-response";

export type SignInRequestOutcome = { issued: true; attemptId: string } | { issued: false; reason: "rate-limited" | "account-locked" };

/**
 * Handles one sign-in request for an already validated, canonical address. Known and
 * unknown addresses take the same path (the account is created on first redemption), and
 * the email is sent by the outbox after the answer, so neither content nor timing tells
 * whether an account exists. An issued attempt is scored after the answer.
 */
export async function requestSignIn(
  input: { email: string; callbackPath: string },
  facts: RequestFacts & { deviceHash: string },
  now: Date = new Date(),
): Promise<SignInRequestOutcome> {
  const env = readEnv();
  const context = { ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const { user, openAttemptIds, recognised } = await loadRequester(input.email, facts.deviceHash);
  const limit = await checkSignInLimits({ email: input.email, ip: facts.ip, deviceHash: facts.deviceHash, recognised }, now);

  if (limit.limited) {
    await recordRateLimited(input.email, user?.id ?? null, limit.by, limit.storeFailed, context, now);
    return { issued: false, reason: "rate-limited" };
  }
  if (user?.lockedAt) {
    const sample = await sampleRepeat("locked-request", limitNetwork(facts.ip), now);
    if (sample.record) {
      await recordEvents(
        db,
        [
          {
            type: "attempt.requested",
            userId: user.id,
            outcome: "failure",
            reason: "account-locked",
            ...context,
            details: { occurrences: sample.occurrences },
          },
        ],
        now,
      );
    }
    return { issued: false, reason: "account-locked" };
  }

  const token = randomToken();
  const code = randomCode();
  const attemptId = newId();
  const expiresAt = new Date(now.getTime() + env.LINK_TTL_MINUTES * 60_000);
  const userId = user?.id ?? null;
  await insertIssuedAttempt({
    supersede: openAttemptIds,
    attempt: {
      id: attemptId,
      email: input.email,
      userId,
      linkTokenHash: keyedHash("link-token", token),
      codeHash: keyedHash("code", code),
      bindingHash: facts.deviceHash,
      callbackPath: input.callbackPath,
      requestIp: facts.ip,
      requestNetwork: limitNetwork(facts.ip),
      requestUserAgent: facts.userAgent,
      requestedAt: now,
      expiresAt,
    },
    outbox: {
      id: newId(),
      payload: {
        kind: "magic-link",
        url: `${env.AUTH_URL}/verify/${attemptId}#${token}`,
        code,
        expiresAt: expiresAt.toISOString(),
        minutesValid: env.LINK_TTL_MINUTES,
        // "::1" means nothing to most people; a request from the same machine says so.
        requestedFrom: `${describeDevice(facts.userAgent).label}, ${isLoopbackHost(facts.ip) ? "this computer (localhost)" : facts.ip}`,
      },
    },
    events: [
      ...openAttemptIds.map((oldId) => ({
        type: "attempt.superseded" as const,
        attemptId: oldId,
        userId,
        outcome: "info" as const,
        reason: "a newer link was requested",
        details: { supersededBy: attemptId },
        onlyIfSuperseded: true,
      })),
      { type: "attempt.requested", attemptId, userId, outcome: "success", ...context, details: { callbackPath: input.callbackPath } },
      {
        type: "link.issued",
        attemptId,
        userId,
        outcome: "info",
        details: { expiresAt: expiresAt.toISOString(), ttlMinutes: env.LINK_TTL_MINUTES },
      },
      { type: "email.queued", attemptId, outcome: "info" },
    ],
  });
  kickOutbox();
  await assessRiskAfterResponse(attemptId);
  return { issued: true, attemptId };
}

/** A refusal is recorded, sampled per network (sample-repeats.ts), and may tell the owner once a day. */
async function recordRateLimited(
  email: string,
  userId: string | null,
  by: string,
  storeFailed: boolean,
  context: { ip: string; userAgent: string | null; deviceHash: string },
  now: Date,
) {
  const sendNotice = (by === "share" || by === "mailbox") && (await claimRepeatedRequestNotice(email));
  const sample = await sampleRepeat(`rate-limited-${by}`, limitNetwork(context.ip), now);
  if (!sample.record && !sendNotice) return;
  const events: AuditEventInput[] = [];
  if (sample.record) {
    events.push({
      type: "attempt.rate_limited",
      userId,
      outcome: "failure",
      reason: storeFailed ? "limit store unavailable" : `${by} limit`,
      ...context,
      details: { limit: by, emailHash: keyedHash("email", email).slice(0, 16), occurrences: sample.occurrences },
    });
  }
  // A refusal alone is one statement; a notice is queued in the same transaction as its event.
  if (!sendNotice) return recordEvents(db, events, now);
  const env = readEnv();
  const notice = repeatedRequestsNotice({
    appName: env.APP_NAME,
    count: env.RATE_LIMIT_PER_EMAIL.points,
    periodHours: env.REPEATED_REQUEST_NOTICE_HOURS,
    accountUrl: `${env.AUTH_URL}/account`,
  });
  events.push({ type: "email.queued", userId, outcome: "info", reason: "repeated sign-in requests notice" });
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, { to: email, payload: { kind: "notice", ...notice } });
    await recordEvents(tx, events, now);
  });
  kickOutbox();
}
