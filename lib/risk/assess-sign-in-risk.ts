import type { Db } from "../db";
import { assessRisk, type RiskAssessment } from "./risk";
import { loadRiskInput } from "./risk-input";

/**
 * Scores a redeemed attempt while its session is being created, so that the level can decide
 * the session (a factor or another device's approval for HIGH, a notice for ELEVATED) rather
 * than only raise an alert afterwards. Stores nothing: the assessment after the response
 * (assess-after-response.ts) still records it, alerts and notifies.
 */
export async function assessSignInRisk(client: Db, attemptId: string, now: Date): Promise<RiskAssessment | null> {
  const input = await loadRiskInput(client, attemptId, now);
  return input ? assessRisk(input) : null;
}
