/**
 * Ways to prove "it is still me" after signing in by email. Passkeys (with user
 * verification) and TOTP are real authenticators; a recovery code stands in for the
 * authenticator app it was issued with; a fresh email code only proves mailbox access, so
 * policies accept it solely from accounts that have no authenticator yet; an admin
 * invitation (given out of band) lets an administrator set up a first factor, nothing else.
 */
export const STEP_UP_METHODS = ["passkey", "totp", "recovery-code", "email-code", "admin-invitation"] as const;

export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

/** The methods that count as a second factor. */
export type StrongMethod = Exclude<StepUpMethod, "email-code" | "admin-invitation">;

export function isStepUpMethod(value: unknown): value is StepUpMethod {
  return typeof value === "string" && (STEP_UP_METHODS as readonly string[]).includes(value);
}

export const STRONG_METHODS: readonly StrongMethod[] = ["passkey", "totp", "recovery-code"];

export function isStrongMethod(value: unknown): value is StrongMethod {
  return typeof value === "string" && (STRONG_METHODS as readonly string[]).includes(value);
}
