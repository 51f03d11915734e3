import type { StepUpMethod, StrongMethod } from "./methods";
import type { StepUpPolicy, StepUpPolicyName } from "./policies";

/** What the server knows about a session when it asks "may this request go ahead?". */
export interface StepUpFacts {
  /** When the email link or code that started this session was redeemed; kept across step-ups. */
  signedInAt: Date;
  /** When each step-up method last succeeded in this session. */
  proofs: Partial<Record<StepUpMethod, Date>>;
  /** When a request last passed each policy, for idle re-prompts. */
  lastUsed: Partial<Record<StepUpPolicyName, Date>>;
  /** Factors the account holds now (a recovery code only counts while one is unused). */
  enrolled: { passkey: boolean; totp: boolean; recoveryCodes: boolean };
  /** An administrator (role or ADMIN_EMAILS): a mailbox alone never counts for them where a policy says so. */
  isAdmin: boolean;
  /** Started by email on a device that must still prove the account's factor (policy "account.signIn"). */
  awaitingSignInFactor?: boolean;
}

export type StepUpRefusalReason = "no-proof" | "proof-expired" | "idle" | "no-factor" | "needs-invitation";

export type StepUpDecision =
  | { allowed: true; provenBy: StepUpMethod | "sign-in"; provenAt: Date }
  | { allowed: false; required: true; acceptedMethods: StepUpMethod[]; reason: StepUpRefusalReason };

const MINUTE = 60_000;

/**
 * Pure: may this session do what the policy guards, at `now`? When not, the answer lists
 * the methods this account can use right now to step up, and why it was asked.
 */
export function decideStepUp(policy: StepUpPolicy, facts: StepUpFacts, now: Date): StepUpDecision {
  if (policy.gatesSignIn !== undefined && !facts.awaitingSignInFactor)
    return { allowed: true, provenBy: "sign-in", provenAt: facts.signedInAt };
  const hasFactor = facts.enrolled.passkey || facts.enrolled.totp;
  if (!hasFactor && policy.withoutFactor === "enrol-first") {
    return { allowed: false, required: true, acceptedMethods: [], reason: "no-factor" };
  }
  const byInvitation = !hasFactor && facts.isAdmin && policy.adminWithoutFactor === "invitation";

  const acceptedMethods: StepUpMethod[] = hasFactor
    ? policy.methods.filter((method) => isUsable(method, facts))
    : byInvitation
      ? ["admin-invitation"]
      : ["email-code"];
  const candidates: Array<[StepUpMethod | "sign-in", Date | undefined]> = byInvitation
    ? [["admin-invitation", facts.proofs["admin-invitation"]]]
    : policy.methods.map((method) => [method, facts.proofs[method]]);
  if (!hasFactor && !byInvitation) candidates.push(["email-code", facts.proofs["email-code"]], ["sign-in", facts.signedInAt]);

  const latest = latestProof(candidates, now);
  const refuse = (reason: StepUpRefusalReason): StepUpDecision => ({ allowed: false, required: true, acceptedMethods, reason });
  if (!latest) return refuse(byInvitation ? "needs-invitation" : "no-proof");
  if (now.getTime() - latest.at.getTime() >= policy.maxAgeMinutes * MINUTE) return refuse("proof-expired");

  if (policy.idleMinutes !== undefined) {
    const lastUsed = facts.lastUsed[policy.name];
    const lastActivity = lastUsed && lastUsed > latest.at && lastUsed <= now ? lastUsed : latest.at;
    if (now.getTime() - lastActivity.getTime() >= policy.idleMinutes * MINUTE) return refuse("idle");
  }
  return { allowed: true, provenBy: latest.method, provenAt: latest.at };
}

function isUsable(method: StrongMethod, facts: StepUpFacts): boolean {
  if (method === "passkey") return facts.enrolled.passkey;
  if (method === "totp") return facts.enrolled.totp;
  return facts.enrolled.recoveryCodes;
}

/** The most recent proof; a time in the future cannot be trusted and counts as none. */
function latestProof(candidates: Array<[StepUpMethod | "sign-in", Date | undefined]>, now: Date) {
  let latest: { method: StepUpMethod | "sign-in"; at: Date } | null = null;
  for (const [method, at] of candidates) {
    if (!at || Number.isNaN(at.getTime()) || at > now) continue;
    if (!latest || at > latest.at) latest = { method, at };
  }
  return latest;
}
