import { db } from "../db";
import { kickOutbox } from "../mail/outbox-worker";
import { assessRisk, type RiskAssessment } from "./risk";
import { loadRiskInput } from "./risk-input";
import { storeRiskAssessment } from "./risk-store";

/**
 * Scores one attempt from what is known about it now and stores the result (risk columns,
 * a risk.assessed event, alerts, the owner's notice). Safe to call again after every
 * step of the attempt: alerts and notices are raised once; the score follows the facts.
 */
export async function assessAttemptRisk(attemptId: string, now: Date = new Date()): Promise<RiskAssessment | null> {
  const input = await loadRiskInput(db, attemptId, now);
  if (!input) return null;
  const assessment = assessRisk(input);
  const { noticeQueued } = await db.$transaction((tx) => storeRiskAssessment(tx, input, assessment, now));
  if (noticeQueued) kickOutbox();
  return assessment;
}
