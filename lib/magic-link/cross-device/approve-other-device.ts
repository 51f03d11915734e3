import { db } from "../../db";
import { readEnv } from "../../env";
import { recordEvents } from "../../audit/record-events";
import { enqueueEmail } from "../../mail/outbox";
import { kickOutbox } from "../../mail/outbox-worker";
import { describeDevice } from "../../request/device-description";
import type { RequestFacts } from "../../request/request-facts";
import { assessRiskAfterResponse } from "../../risk/assess-after-response";
import { raiseAlert } from "../../risk/raise-alert";
import { unrequestedSignInNotice } from "@/emails/notices";
import { OPEN_STATUSES } from "../attempt-status";
import { failureEventType } from "../failure-events";
import type { FailureReason } from "../failure-reasons";
import { attemptFacts, loadAttemptWithToken } from "../load-attempt";
import { decideApprovalPick } from "./decide-approval";

export type ApprovalResult = { approved: true } | { approved: false; reason: FailureReason };

/**
 * Another device holding the link approves the original tab's sign-in by typing the number
 * that tab shows. It gets no session itself. The first number typed is the only one judged:
 * both outcomes are conditional updates on an attempt still waiting and not yet approved, so
 * however many numbers race, one wins and a wrong one cancels the attempt for good. Scored
 * after the answer unless there was nothing to approve.
 */
export async function approveOtherDevice(
  attemptId: string,
  token: string,
  typed: number,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<ApprovalResult> {
  const result = await judgeApproval(attemptId, token, typed, facts, now);
  if (result.approved || result.reason !== "not-found") await assessRiskAfterResponse(attemptId);
  return result;
}

async function judgeApproval(attemptId: string, token: string, typed: number, facts: RequestFacts, now: Date): Promise<ApprovalResult> {
  const attempt = await loadAttemptWithToken(attemptId, token);
  if (!attempt) return { approved: false, reason: "not-found" };
  const decision = decideApprovalPick({ ...attemptFacts(attempt), approvalNumber: attempt.approvalNumber }, typed, now);
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const waiting = { id: attempt.id, status: "AWAITING_APPROVAL" as const, approvedAt: null, expiresAt: { gt: now } };

  return db.$transaction(async (tx) => {
    if (decision.approved) {
      const updated = await tx.loginAttempt.updateMany({
        where: { ...waiting, approvalNumber: typed },
        data: { approvedAt: now, approverIp: facts.ip, approverUserAgent: facts.userAgent },
      });
      if (updated.count !== 1) return { approved: false, reason: "already-used" } as const;
      await recordEvents(tx, [{ type: "crossdevice.approved", ...context, outcome: "success" }], now);
      return { approved: true } as const;
    }
    if (decision.reason === "wrong-number") {
      const cancelled = await tx.loginAttempt.updateMany({
        where: { ...waiting, approvalNumber: { not: typed } },
        data: {
          status: "CANCELLED",
          failedAt: now,
          failureReason: "wrong-number",
          approverIp: facts.ip,
          approverUserAgent: facts.userAgent,
        },
      });
      if (cancelled.count !== 1) return { approved: false, reason: "already-used" } as const;
      await recordEvents(
        tx,
        [{ type: "crossdevice.denied", ...context, outcome: "failure", reason: "wrong number typed", details: { typed } }],
        now,
      );
    } else {
      await recordEvents(tx, [{ type: failureEventType(decision.reason), ...context, outcome: "failure", reason: decision.reason }], now);
    }
    return { approved: false, reason: decision.reason } as const;
  });
}

/**
 * "I did not request this", from the device holding the link: the attempt is cancelled, the
 * address's owner hears what happened, and the admins get an alert. Someone typing a victim's
 * address to get a sign-in approved is exactly what number matching exists to stop.
 */
export async function reportUnrequestedSignIn(
  attemptId: string,
  token: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<{ cancelled: boolean }> {
  const attempt = await loadAttemptWithToken(attemptId, token);
  if (!attempt) return { cancelled: false };
  const env = readEnv();
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const cancelled = await db.$transaction(async (tx) => {
    const updated = await tx.loginAttempt.updateMany({
      where: { id: attempt.id, status: { in: [...OPEN_STATUSES] }, approvedAt: null },
      data: {
        status: "CANCELLED",
        failedAt: now,
        failureReason: "not-requested",
        approverIp: facts.ip,
        approverUserAgent: facts.userAgent,
      },
    });
    if (updated.count !== 1) return false;
    const requester = `${describeDevice(attempt.requestUserAgent).label}, ${attempt.requestIp ?? "an unknown address"}`;
    await recordEvents(
      tx,
      [
        {
          type: "crossdevice.denied",
          ...context,
          outcome: "failure",
          reason: "the link's holder did not request this sign-in",
          details: { requester },
        },
      ],
      now,
    );
    const notice = unrequestedSignInNotice({
      appName: env.APP_NAME,
      requester,
      at: attempt.requestedAt,
      accountUrl: `${env.AUTH_URL}/account`,
    });
    await enqueueEmail(tx, { to: attempt.email, payload: { kind: "notice", ...notice } });
    await raiseAlert(tx, {
      kind: "unrequested-sign-in",
      severity: "HIGH",
      title: `Sign-in for ${attempt.email} reported as not requested by the link's holder`,
      subject: attempt.email,
      attemptId: attempt.id,
      userId: attempt.userId,
      details: { requester },
      now,
    });
    return true;
  });
  if (cancelled) kickOutbox();
  return { cancelled };
}
