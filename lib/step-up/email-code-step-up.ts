import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { type ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { consume, limiterFor } from "../rate-limit/limiters";
import { hashesEqual, keyedHash, randomCode } from "../security/secrets";
import { claimOnce, endCeremony, readCeremony, startCeremony } from "./ceremony";

/**
 * A fresh code sent to the account's address: the step-up for accounts that have no
 * passkey or authenticator app yet (policies accept it only then). The code's hash rides
 * in the ceremony cookie, bound to this session, for ten minutes.
 */
const SENDS = { points: 3, durationSeconds: 15 * 60 };

const codeHash = (session: ActiveSession, code: string) => keyedHash("code", `step-up:${session.tokenHash}:${code}`);

export async function sendStepUpEmailCode(
  session: ActiveSession,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; code: "rate-limited" | "has-factor" }> {
  // Once an account has a passkey or authenticator app no policy accepts an emailed code, so none is sent.
  const [passkeys, totp] = await Promise.all([
    db.passkey.count({ where: { userId: session.userId } }),
    db.totpFactor.count({ where: { userId: session.userId, confirmedAt: { not: null } } }),
  ]);
  if (passkeys + totp > 0) return { ok: false, code: "has-factor" };
  const budget = await consume(limiterFor("stepup-email-code-sends", SENDS), session.userId);
  if (!budget.allowed) return { ok: false, code: "rate-limited" };
  const code = randomCode();
  await startCeremony("email-code", session, codeHash(session, code), now);
  const env = readEnv();
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, {
      to: session.user.email,
      payload: {
        kind: "notice",
        // The code stays out of the subject and the preview line (the first paragraph).
        subject: `Your ${env.APP_NAME} confirmation code`,
        props: {
          appName: env.APP_NAME,
          heading: "Confirm it's you",
          paragraphs: [
            `Someone signed in to your ${env.APP_NAME} account asked for a code to confirm a sensitive change.`,
            `Your code: ${code.slice(0, 3)} ${code.slice(3)}`,
            "It works once, for ten minutes, and only in the browser that asked for it.",
            "If this wasn't you, someone may be signed in to your account: review your sessions and sign them out.",
          ],
          action: { label: "Review your sessions", url: `${env.AUTH_URL}/account` },
          footerReason: "You asked to confirm a change to your account.",
        },
      },
    });
    await recordEvents(
      tx,
      [
        {
          type: "email.queued",
          userId: session.userId,
          sessionHash: session.tokenHash,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "info",
          reason: "step-up code",
        },
      ],
      now,
    );
  });
  kickOutbox();
  return { ok: true };
}

/** True once for the right code; a wrong code leaves the ceremony open for another try. */
export async function checkEmailedCode(session: ActiveSession, code: string, now: Date = new Date()): Promise<boolean> {
  const typed = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(typed)) return false;
  const ceremony = await readCeremony("email-code", session, now);
  if (!ceremony || !hashesEqual(ceremony.challenge, codeHash(session, typed))) return false;
  await endCeremony("email-code");
  return claimOnce(ceremony);
}
