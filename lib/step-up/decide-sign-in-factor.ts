import { isStrongMethod } from "./methods";

/** SIGN_IN_FACTOR: when an email sign-in must also prove the account's passkey or authenticator app. */
export const SIGN_IN_FACTOR_MODES = ["require-factor-on-new-device", "always", "never"] as const;

export type SignInFactorMode = (typeof SIGN_IN_FACTOR_MODES)[number];

/** What is known when a session is about to be created. */
export interface SignInFactorFacts {
  /** How this sign-in was proven ("email" for a link or code; a passkey sign-in says "passkey"). */
  amr: readonly string[];
  /** Factors the account holds now (a recovery code alone is not one: it stands in for the app). */
  enrolled: { passkey: boolean; totp: boolean };
  /**
   * This browser (its binding cookie) proved a factor for this account before and the owner has
   * not revoked it since. Null when the browser carries no binding cookie.
   */
  device: { factorProvenAt: Date | null; revoked: boolean } | null;
  /** The sign-in's risk level, scored from the existing signals when the session is created; null when not scored. */
  risk?: "LOW" | "ELEVATED" | "HIGH" | null;
}

export type SignInFactorReason =
  "no-factor" | "factor-in-sign-in" | "setting-never" | "recognised-device" | "new-device" | "setting-always" | "high-risk";

export type SignInFactorDecision = { required: false; reason: SignInFactorReason } | { required: true; reason: SignInFactorReason };

/**
 * Pure: must the session this sign-in creates prove the account's factor before it is usable?
 * A mailbox is only as strong as the inbox: once the owner has enrolled something stronger,
 * the email alone opens a session only on a browser that proved that factor before. A HIGH-risk
 * sign-in must prove it whatever the browser and the setting: a recognised browser's cookie can
 * be stolen along with the mailbox, and "never" is a convenience, not a promise to let attacks in.
 */
export function decideSignInFactor(mode: SignInFactorMode, facts: SignInFactorFacts): SignInFactorDecision {
  if (!facts.enrolled.passkey && !facts.enrolled.totp) return { required: false, reason: "no-factor" };
  if (facts.amr.some(isStrongMethod)) return { required: false, reason: "factor-in-sign-in" };
  if (facts.risk === "HIGH") return { required: true, reason: "high-risk" };
  if (mode === "never") return { required: false, reason: "setting-never" };
  if (mode === "always") return { required: true, reason: "setting-always" };
  const recognised = facts.device !== null && !facts.device.revoked && facts.device.factorProvenAt !== null;
  return recognised ? { required: false, reason: "recognised-device" } : { required: true, reason: "new-device" };
}
