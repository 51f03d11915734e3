import { randomInt } from "node:crypto";
import { db } from "../../db";
import { OPEN_STATUSES } from "../attempt-status";
import { recordEvents, type AuditEventInput } from "../../audit/record-events";
import { sampleRepeat } from "../../audit/sample-repeats";
import { limitNetwork } from "../../request/client-network";
import { createApprovalNumber } from "../cross-device/approval-challenge";
import type { FailureReason } from "../failure-reasons";
import { decideLinkOpen } from "./decide-link";
import { describeDevice } from "../../request/device-description";
import { maskEmailAddress } from "../request/email-address";
import { failureEventType } from "../failure-events";
import { attemptFacts, loadAttemptWithToken, redemptionSettings } from "../load-attempt";
import type { RequestFacts } from "../../request/request-facts";
import { assessRiskAfterResponse } from "../../risk/assess-after-response";

export type LinkView =
  | { state: "redeem-here" }
  | { state: "confirm-other-device"; maskedEmail: string }
  | { state: "approve-for-original"; requester: RequesterSummary }
  | { state: "refuse-other-device" }
  | { state: "failed"; reason: FailureReason };

export interface RequesterSummary {
  device: string;
  ip: string;
  requestedAt: string;
}

/**
 * The landing page's script calls this with the token from the URL fragment: proof that a
 * script ran with the secret (a person, or a scanner that runs JavaScript; either way
 * nothing is consumed). It says what this browser may do next. A link that fails is scored
 * after the answer; junk ids are not, so they cannot crowd real sign-ins out of the queue.
 */
export async function openLink(attemptId: string, token: string, facts: RequestFacts, now: Date = new Date()): Promise<LinkView> {
  const attempt = await loadAttemptWithToken(attemptId, token);
  const decision = decideLinkOpen(attempt ? attemptFacts(attempt) : null, { bindingHash: facts.deviceHash }, redemptionSettings(), now);
  const context = {
    attemptId: attempt?.id,
    userId: attempt?.userId,
    ip: facts.ip,
    userAgent: facts.userAgent,
    deviceHash: facts.deviceHash,
  };

  if (!attempt) return { state: "failed", reason: "not-found" };
  const sample = await sampleRepeat(`link-open:${attempt.id}`, limitNetwork(facts.ip), now);
  const events: AuditEventInput[] = [
    {
      type: "link.opened",
      ...context,
      outcome: "info",
      details: { sameBrowser: facts.deviceHash === attempt.bindingHash, decision: decision.kind },
    },
  ];

  let view: LinkView;
  if (decision.kind === "failed") {
    events.push({ type: failureEventType(decision.reason), ...context, outcome: "failure", reason: decision.reason });
    view = { state: "failed", reason: decision.reason };
  } else if (decision.kind === "approve-for-original") {
    // One number per attempt: opening the link again shows the same one (and never a fresh draw to guess against).
    await db.loginAttempt.updateMany({
      where: { id: attempt.id, status: { in: [...OPEN_STATUSES] }, approvalNumber: null },
      data: { status: "AWAITING_APPROVAL", approvalNumber: createApprovalNumber(randomInt), approvalRequestedAt: now },
    });
    if (!attempt.approvalRequestedAt) events.push({ type: "crossdevice.requested", ...context, outcome: "info" });
    view = { state: "approve-for-original", requester: requesterSummary(attempt) };
  } else if (decision.kind === "refuse-other-device") {
    events.push({ type: "attempt.refused_other_browser", ...context, outcome: "failure", reason: "strict policy" });
    view = { state: "refuse-other-device" };
  } else if (decision.kind === "confirm-other-device") {
    view = { state: "confirm-other-device", maskedEmail: maskEmailAddress(attempt.email) };
  } else {
    view = { state: "redeem-here" };
  }

  await db.$transaction(async (tx) => {
    if (!attempt.openedAt) await tx.loginAttempt.updateMany({ where: { id: attempt.id, openedAt: null }, data: { openedAt: now } });
    // Opening one's own link in a loop must not flood the trail: repeats from a network are sampled.
    await recordEvents(
      tx,
      sample.record
        ? events.map((event) => ({ ...event, details: { ...event.details, occurrences: sample.occurrences } }))
        : events.filter((event) => event.type === "crossdevice.requested"),
      now,
    );
  });
  if (view.state === "failed" && view.reason !== "not-found") await assessRiskAfterResponse(attempt.id);
  return view;
}

export function requesterSummary(attempt: {
  requestUserAgent: string | null;
  requestIp: string | null;
  requestedAt: Date;
}): RequesterSummary {
  return {
    device: describeDevice(attempt.requestUserAgent).label,
    ip: attempt.requestIp ?? "unknown",
    requestedAt: attempt.requestedAt.toISOString(),
  };
}
