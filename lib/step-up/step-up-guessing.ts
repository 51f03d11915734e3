import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import { type ActiveSession } from "../auth/session-store";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { consume, limiterFor } from "../rate-limit/limiters";
import type { RequestFacts } from "../request/request-facts";
import { raiseAlert } from "../risk/raise-alert";
import { codesSwitchedOffNotice, stepUpGuessingNotice } from "@/emails/notices";

const NOTICE_EVERY_HOURS = 24;

/**
 * Wrong step-up codes mean someone holds a session but not the factor — often a mailbox-only
 * attacker trying the admin's authenticator. The owner hears about the first burst (at most
 * once a day) and the admins get an alert; at the streak cap codes are switched off and both
 * are told again.
 */
export async function reportStepUpGuessing(
  session: ActiveSession,
  guess: { budgetSpent: boolean; streak: number; streakCap: number },
  facts: RequestFacts,
  now: Date,
): Promise<void> {
  const switchedOff = guess.streak >= guess.streakCap;
  const firstBurst = guess.budgetSpent && (await claimBurstNotice(session.userId));
  if (!switchedOff && !firstBurst) return;

  const env = readEnv();
  const accountUrl = `${env.AUTH_URL}/account`;
  const context = {
    userId: session.userId,
    sessionHash: session.tokenHash,
    ip: facts.ip,
    userAgent: facts.userAgent,
    deviceHash: facts.deviceHash,
  };
  await db.$transaction(async (tx) => {
    const events: AuditEventInput[] = [];
    if (firstBurst) {
      const minutes = Math.round(env.STEP_UP_CODE_FAILURES.durationSeconds / 60);
      await enqueueEmail(tx, {
        to: session.user.email,
        payload: { kind: "notice", ...stepUpGuessingNotice({ appName: env.APP_NAME, minutes, accountUrl }) },
      });
      events.push({
        type: "account.code_lockout",
        ...context,
        outcome: "info",
        reason: `step-up codes paused for ${minutes} minutes`,
        details: { of: "step-up codes" },
      });
      await raiseAlert(tx, {
        kind: "stepup-code-guessing",
        severity: "ELEVATED",
        title: `Wrong step-up codes from a session of ${session.user.email}`,
        subject: session.userId,
        userId: session.userId,
        details: { ip: facts.ip },
        emailAdmins: { except: session.userId },
        now,
      });
    }
    if (switchedOff) {
      const notice = codesSwitchedOffNotice({ appName: env.APP_NAME, kind: "step-up", count: guess.streakCap, accountUrl });
      await enqueueEmail(tx, { to: session.user.email, payload: { kind: "notice", ...notice } });
      events.push({
        type: "account.codes_switched_off",
        ...context,
        outcome: "info",
        reason: `${guess.streakCap} wrong step-up codes in a row`,
      });
      await raiseAlert(tx, {
        kind: "code-guessing",
        severity: "HIGH",
        title: `Step-up codes switched off for ${session.user.email} after ${guess.streakCap} wrong codes in a row`,
        subject: `step-up:${session.userId}`,
        userId: session.userId,
        emailAdmins: { except: session.userId },
        now,
      });
    }
    await recordEvents(tx, events, now);
  });
  kickOutbox();
}

async function claimBurstNotice(userId: string): Promise<boolean> {
  const result = await consume(limiterFor("notice-stepup-guessing", { points: 1, durationSeconds: NOTICE_EVERY_HOURS * 3600 }), userId);
  return result.allowed;
}
