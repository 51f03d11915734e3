/**
 * Pure decisions about an administrator's factor reset (I/O is in factor-reset.ts): who may ask
 * for one, when it takes effect, whether the owner's cancel link still works, whether it is due.
 */

const HOUR_MS = 3_600_000;

export type ResetRequestRefusal = "own-account" | "not-found" | "already-pending" | "no-factors";

export interface ResetRequestFacts {
  actorUserId: string;
  target: { id: string; factors: { passkeys: number; totp: boolean; recoveryCodes: number } } | null;
  pendingReset: boolean;
}

/**
 * An administrator may reset another account's factors, once at a time, when it has some. Their
 * own account never: a stolen admin session must not be able to clear the factor that guards it.
 */
export function decideResetRequest(facts: ResetRequestFacts): { ok: true } | { ok: false; refusal: ResetRequestRefusal } {
  if (facts.target === null) return { ok: false, refusal: "not-found" };
  if (facts.target.id === facts.actorUserId) return { ok: false, refusal: "own-account" };
  if (facts.pendingReset) return { ok: false, refusal: "already-pending" };
  const { passkeys, totp, recoveryCodes } = facts.target.factors;
  if (passkeys === 0 && !totp && recoveryCodes === 0) return { ok: false, refusal: "no-factors" };
  return { ok: true };
}

/** When a reset asked for now takes effect. */
export function resetEffectiveAt(requestedAt: Date, delayHours: number): Date {
  return new Date(requestedAt.getTime() + delayHours * HOUR_MS);
}

export interface ResetState {
  effectiveAt: Date;
  cancelledAt: Date | null;
  completedAt: Date | null;
}

export function isResetPending(reset: ResetState): boolean {
  return reset.cancelledAt === null && reset.completedAt === null;
}

/** Due: still pending and its time has come (the job completes it). */
export function isResetDue(reset: ResetState, now: Date): boolean {
  return isResetPending(reset) && reset.effectiveAt.getTime() <= now.getTime();
}

export type ResetCancelRefusal = "invalid-link" | "already-cancelled" | "already-completed" | "too-late";

/**
 * Whether a reset can still be cancelled (by the owner's link or an administrator): only while it
 * is pending and before it takes effect. The link works once; after effectiveAt it is too late,
 * even if the job has not run yet, so the outcome never depends on the job's timing.
 */
export function decideResetCancel(reset: ResetState | null, now: Date): { ok: true } | { ok: false; refusal: ResetCancelRefusal } {
  if (reset === null) return { ok: false, refusal: "invalid-link" };
  if (reset.cancelledAt) return { ok: false, refusal: "already-cancelled" };
  if (reset.completedAt) return { ok: false, refusal: "already-completed" };
  if (reset.effectiveAt.getTime() <= now.getTime()) return { ok: false, refusal: "too-late" };
  return { ok: true };
}

/** "23 h 59 min", "5 min", "less than a minute": what is left of the window, for people. */
export function timeLeft(effectiveAt: Date, now: Date): string {
  const minutes = Math.floor((effectiveAt.getTime() - now.getTime()) / 60_000);
  if (minutes < 1) return "less than a minute";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "1 passkey, the authenticator app and 10 recovery codes": what a reset removes, zero counts left out. */
export function describeFactors(
  factors: { passkeys: number; totp: boolean; recoveryCodes: number },
  app = "the authenticator app",
): string {
  const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  const parts = [
    factors.passkeys > 0 ? counted(factors.passkeys, "passkey") : null,
    factors.totp ? app : null,
    factors.recoveryCodes > 0 ? counted(factors.recoveryCodes, "recovery code") : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return "no factor";
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
