import { readEnv, type Env } from "../env";
import type { SignInFactorMode } from "./decide-sign-in-factor";
import { STRONG_METHODS, type StrongMethod } from "./methods";

/**
 * Every step-up policy, in one place. A policy names the proofs it accepts and how recent
 * they must be. Windows come from settings (STEP_UP_*), so a fork tunes them without code.
 *
 * Accounts without any factor (no passkey, no confirmed authenticator app) cannot give a
 * strong proof. `withoutFactor` says what they may do instead:
 * - "fresh-email": a proof of mailbox control within the same window: the sign-in that
 *   started this session (link or code), or a step-up code sent by email. This is how a
 *   new account enrols its first factor right after signing in: trust on first use of the
 *   mailbox, announced by a notice email. Once any factor exists, email no longer counts.
 * - "enrol-first": refused until a factor exists (admin access needs a real second factor).
 * An administrator's first factor needs an invitation instead of the mailbox (adminWithoutFactor).
 *
 * "account.signIn" is the sign-in step-up: an email sign-in that SIGN_IN_FACTOR says must prove
 * the account's factor (decideSignInFactor) starts a session that is usable for nothing but
 * this policy, until a passkey, authenticator or recovery code clears it. Sessions that were
 * never held back pass it at once.
 */
export const STEP_UP_POLICY_NAMES = [
  "account.signIn",
  "admin.access",
  "account.changeEmail",
  "account.manageFactors",
  "sessions.revokeOthers",
] as const;

export type StepUpPolicyName = (typeof STEP_UP_POLICY_NAMES)[number];

export interface StepUpPolicy {
  name: StepUpPolicyName;
  /** Finishes "Confirm it's you to …" on the step-up screen. */
  purpose: string;
  methods: readonly StrongMethod[];
  maxAgeMinutes: number;
  /** Re-prompt when this policy has not been used for this long (admin console). */
  idleMinutes?: number;
  withoutFactor: "fresh-email" | "enrol-first";
  /**
   * An administrator without a factor may not use "fresh-email" here: a mailbox alone must not
   * lead to the admin console. "invitation": a one-time code from `npm run admin:invite` or
   * from another administrator stands in, for this policy only.
   */
  adminWithoutFactor?: "invitation";
  /**
   * The sign-in step-up, with its setting (SIGN_IN_FACTOR): which email sign-ins are held back
   * (decideSignInFactor). Only sessions held back at sign-in (awaitingSignInFactor) are asked.
   */
  gatesSignIn?: SignInFactorMode;
}

export interface StepUpSettings {
  adminMaxAgeMinutes: number;
  adminIdleMinutes: number;
  sensitiveMaxAgeMinutes: number;
  signInFactor: SignInFactorMode;
}

export function stepUpPolicies(settings: StepUpSettings): Record<StepUpPolicyName, StepUpPolicy> {
  const sensitive = { methods: STRONG_METHODS, maxAgeMinutes: settings.sensitiveMaxAgeMinutes, withoutFactor: "fresh-email" } as const;
  return {
    "account.signIn": {
      name: "account.signIn",
      purpose: "finish signing in on this device",
      methods: STRONG_METHODS,
      maxAgeMinutes: settings.sensitiveMaxAgeMinutes,
      withoutFactor: "enrol-first",
      gatesSignIn: settings.signInFactor,
    },
    "admin.access": {
      name: "admin.access",
      purpose: "open the admin console",
      methods: STRONG_METHODS,
      maxAgeMinutes: settings.adminMaxAgeMinutes,
      idleMinutes: settings.adminIdleMinutes,
      withoutFactor: "enrol-first",
    },
    "account.changeEmail": { name: "account.changeEmail", purpose: "change your email address", ...sensitive },
    "account.manageFactors": {
      name: "account.manageFactors",
      purpose: "change your passkeys and authenticator app",
      ...sensitive,
      adminWithoutFactor: "invitation",
    },
    "sessions.revokeOthers": { name: "sessions.revokeOthers", purpose: "sign out your other sessions", ...sensitive },
  };
}

export function stepUpSettingsFrom(env: Env): StepUpSettings {
  return {
    adminMaxAgeMinutes: env.STEP_UP_ADMIN_MAX_AGE_MINUTES,
    adminIdleMinutes: env.STEP_UP_ADMIN_IDLE_MINUTES,
    sensitiveMaxAgeMinutes: env.STEP_UP_SENSITIVE_MAX_AGE_MINUTES,
    signInFactor: env.SIGN_IN_FACTOR,
  };
}

export function stepUpPolicy(name: StepUpPolicyName, settings: StepUpSettings = stepUpSettingsFrom(readEnv())): StepUpPolicy {
  return stepUpPolicies(settings)[name];
}

export function isStepUpPolicyName(value: unknown): value is StepUpPolicyName {
  return typeof value === "string" && (STEP_UP_POLICY_NAMES as readonly string[]).includes(value);
}
