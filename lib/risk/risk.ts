import { evaluateSignals } from "./signals/all-signals";
import type { RiskInput, RiskSignal } from "./signals/types";

export type RiskLevel = "LOW" | "ELEVATED" | "HIGH";

export interface RiskAssessment {
  level: RiskLevel;
  /** Sum of the signals' weights, capped at 100. */
  score: number;
  signals: RiskSignal[];
}

/**
 * Score thresholds. ELEVATED: worth a look; HIGH: raise an alert and tell the owner. Set so
 * that everyday combinations stay LOW (a phone approving a laptop whose mail is scanned: 25)
 * and any one strong signal, or two moderate ones, stand out.
 */
export const RISK_THRESHOLDS = { elevated: 30, high: 60 } as const;
export const MAX_RISK_SCORE = 100;

export function riskLevelForScore(score: number): RiskLevel {
  if (score >= RISK_THRESHOLDS.high) return "HIGH";
  if (score >= RISK_THRESHOLDS.elevated) return "ELEVATED";
  return "LOW";
}

/** Adds the weights up. Signals are independent hints, so they add; the cap keeps the scale readable. */
export function combineSignals(signals: RiskSignal[]): RiskAssessment {
  const score = Math.min(
    MAX_RISK_SCORE,
    signals.reduce((sum, signal) => sum + Math.max(0, signal.weight), 0),
  );
  return { level: riskLevelForScore(score), score, signals: [...signals].sort((a, b) => b.weight - a.weight) };
}

/** Pure: every signal over the attempt and its history, combined. */
export function assessRisk(input: RiskInput): RiskAssessment {
  return combineSignals(evaluateSignals(input));
}
