import type { Tx } from "../db";
import { readEnv } from "../env";
import { enqueueEmail } from "../mail/outbox";
import { describeDevice } from "../request/device-description";
import { riskySignInNotice } from "@/emails/notices";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import type { RiskAssessment } from "./risk";
import type { LoadedRiskInput } from "./risk-input";
import type { RiskSignal } from "./signals/types";

export const RISKY_SIGN_IN_NOTICE_REASON = "risky sign-in notice";
const VOLUME_SIGNALS = new Set(["many-addresses-from-ip", "many-addresses-from-device", "many-requests-for-address", "scanner-fetch"]);
const BURST_ALERT_WINDOW_MS = 60 * 60_000;

/**
 * Stores an assessment in the caller's transaction: the attempt's risk columns, a
 * risk.assessed event, an alert for a HIGH attempt or a burst (once each), and for a
 * HIGH sign-in that went through, a notice to the account owner (once). The attempt row
 * is locked first, so concurrent assessments of one attempt cannot both alert or notify.
 */
export async function storeRiskAssessment(
  tx: Tx,
  input: LoadedRiskInput,
  assessment: RiskAssessment,
  now: Date,
  options: { notifyOwner?: boolean } = {},
): Promise<{ noticeQueued: boolean }> {
  const { attempt } = input;
  await tx.$queryRaw`SELECT id FROM "LoginAttempt" WHERE id = ${attempt.id} FOR UPDATE`;
  await tx.loginAttempt.update({
    where: { id: attempt.id },
    data: { riskLevel: assessment.level, riskScore: assessment.score, riskReasons: assessment.signals as unknown as object[] },
  });
  const context = { attemptId: attempt.id, userId: input.account?.id ?? null };
  const events: AuditEventInput[] = [
    {
      type: "risk.assessed",
      ...context,
      outcome: "info",
      reason: assessment.signals[0]?.reason ?? "no risk signals",
      details: { level: assessment.level, score: assessment.score, signals: assessment.signals.map((signal) => signal.signal) },
    },
  ];

  // A burst makes each of its attempts HIGH; one burst alert says it better than fifty attempt alerts.
  const volumeOnly = assessment.signals.every((signal) => VOLUME_SIGNALS.has(signal.signal));
  if (
    assessment.level === "HIGH" &&
    !volumeOnly &&
    (await tx.alert.count({ where: { attemptId: attempt.id, kind: "high-risk-attempt" } })) === 0
  ) {
    const alert = await tx.alert.create({
      data: {
        createdAt: now,
        kind: "high-risk-attempt",
        severity: "HIGH",
        title: `High-risk sign-in for ${attempt.email}`,
        attemptId: attempt.id,
        userId: context.userId,
        details: { score: assessment.score, reasons: assessment.signals.map((s) => s.reason) },
      },
    });
    events.push({
      type: "alert.raised",
      ...context,
      outcome: "info",
      reason: "high-risk attempt",
      details: { alertId: alert.id, kind: alert.kind },
    });
  }
  for (const burst of burstAlerts(input, assessment.signals)) {
    const severity = assessment.level === "HIGH" ? "HIGH" : "ELEVATED";
    const recent = await tx.alert.findFirst({
      where: {
        kind: burst.kind,
        acknowledgedAt: null,
        createdAt: { gte: new Date(now.getTime() - BURST_ALERT_WINDOW_MS) },
        details: { path: ["subject"], equals: burst.subject },
      },
      orderBy: { createdAt: "desc" },
    });
    if (recent) {
      // The burst goes on: the open alert shows its latest size and worst level.
      await tx.alert.update({
        where: { id: recent.id },
        data: {
          severity: recent.severity === "HIGH" ? "HIGH" : severity,
          details: { subject: burst.subject, reason: burst.reason, lastAttemptId: attempt.id },
        },
      });
      continue;
    }
    const alert = await tx.alert.create({
      data: {
        createdAt: now,
        kind: burst.kind,
        severity,
        title: burst.title,
        attemptId: attempt.id,
        details: { subject: burst.subject, reason: burst.reason, lastAttemptId: attempt.id },
      },
    });
    events.push({
      type: "alert.raised",
      ...context,
      outcome: "info",
      reason: burst.kind,
      details: { alertId: alert.id, kind: alert.kind },
    });
  }

  // The demo seed scores old history and must not mail anyone about it.
  const noticeQueued = options.notifyOwner !== false && (await queueRiskyNoticeOnce(tx, input, assessment));
  if (noticeQueued) events.push({ type: "email.queued", ...context, outcome: "info", reason: RISKY_SIGN_IN_NOTICE_REASON });
  await recordEvents(tx, events, now);
  return { noticeQueued };
}

function burstAlerts(input: LoadedRiskInput, signals: RiskSignal[]) {
  const alerts: Array<{ kind: string; subject: string; title: string; reason: string }> = [];
  const fromIp = signals.find((signal) => signal.signal === "many-addresses-from-ip" && signal.weight >= 45);
  if (fromIp && input.attempt.request.ip) {
    alerts.push({
      kind: "burst-ip",
      subject: input.attempt.request.ip,
      title: `Burst of sign-in requests from ${input.attempt.request.ip}`,
      reason: fromIp.reason,
    });
  }
  const forAddress = signals.find((signal) => signal.signal === "many-requests-for-address" && signal.weight >= 30);
  if (forAddress) {
    alerts.push({
      kind: "burst-address",
      subject: input.attempt.email,
      title: `Burst of sign-in requests for ${input.attempt.email}`,
      reason: forAddress.reason,
    });
  }
  return alerts;
}

/** "A sign-in to your account from Firefox on Linux, 203.0.113.7 — was this you?", once per attempt. */
async function queueRiskyNoticeOnce(tx: Tx, input: LoadedRiskInput, assessment: RiskAssessment): Promise<boolean> {
  const { attempt, account } = input;
  if (assessment.level !== "HIGH" || attempt.status !== "REDEEMED" || !attempt.redemption || !account) return false;
  const already = await tx.auditEvent.count({
    where: { attemptId: attempt.id, type: "email.queued", reason: RISKY_SIGN_IN_NOTICE_REASON },
  });
  if (already > 0) return false;
  const env = readEnv();
  const notice = riskySignInNotice({
    appName: env.APP_NAME,
    device: describeDevice(attempt.redemption.userAgent).label,
    ip: attempt.redemption.ip ?? "an unknown address",
    at: attempt.redemption.at,
    sessionsUrl: `${env.AUTH_URL}/account`,
  });
  // No attemptId on the message: the outbox would record its delivery as the sign-in email's.
  await enqueueEmail(tx, { to: account.email, payload: { kind: "notice", ...notice } });
  return true;
}
