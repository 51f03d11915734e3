import { db } from "../../db";
import { recordEvents } from "../../audit/record-events";
import type { FailureReason } from "../failure-reasons";
import { decideApprovalPick } from "./decide-approval";
import { failureEventType } from "../failure-events";
import { attemptFacts, loadAttemptWithToken } from "../load-attempt";
import type { RequestFacts } from "../../request/request-facts";

export type ApprovalResult = { approved: true } | { approved: false; reason: FailureReason };

/**
 * Another device holding the link approves the original tab's sign-in by picking the
 * number that tab shows. It gets no session itself. A wrong pick cancels the attempt:
 * an attacker who requested a link for someone else cannot be approved by guessing.
 */
export async function approveOtherDevice(
  attemptId: string,
  token: string,
  pick: number,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<ApprovalResult> {
  const attempt = await loadAttemptWithToken(attemptId, token);
  if (!attempt) return { approved: false, reason: "not-found" };
  const decision = decideApprovalPick({ ...attemptFacts(attempt), approvalNumber: attempt.approvalNumber }, pick, now);
  const context = { attemptId: attempt.id, userId: attempt.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };

  return db.$transaction(async (tx) => {
    if (decision.approved) {
      const updated = await tx.loginAttempt.updateMany({
        where: { id: attempt.id, status: "AWAITING_APPROVAL", approvedAt: null, expiresAt: { gt: now } },
        data: { approvedAt: now, approverIp: facts.ip, approverUserAgent: facts.userAgent },
      });
      if (updated.count !== 1) return { approved: false, reason: "already-used" } as const;
      await recordEvents(tx, [{ type: "crossdevice.approved", ...context, outcome: "success" }], now);
      return { approved: true } as const;
    }
    if (decision.reason === "wrong-number") {
      await tx.loginAttempt.updateMany({
        where: { id: attempt.id, status: "AWAITING_APPROVAL" },
        data: {
          status: "CANCELLED",
          failedAt: now,
          failureReason: "wrong-number",
          approverIp: facts.ip,
          approverUserAgent: facts.userAgent,
        },
      });
      await recordEvents(
        tx,
        [{ type: "crossdevice.denied", ...context, outcome: "failure", reason: "wrong number picked", details: { picked: pick } }],
        now,
      );
    } else {
      await recordEvents(tx, [{ type: failureEventType(decision.reason), ...context, outcome: "failure", reason: decision.reason }], now);
    }
    return { approved: false, reason: decision.reason } as const;
  });
}
