/**
 * The owner lifts a lock they set themselves ("this wasn't me") by proving a strong factor,
 * without a session. Pure: the facts are gathered by owner-unlock.ts (a typed code) or
 * owner-unlock-passkey.ts (a passkey), in the order they were learnt.
 */
export type OwnerUnlockMethod = "passkey" | "totp" | "recovery-code";

/** Who locked the account: nobody, its owner from a new-device notice, or an administrator. */
export type LockKind = "none" | "owner-reported" | "admin";

/** Which lock reason the "this wasn't me" click writes; every other lock is an administrator's. */
export function lockKindOf(user: { lockedAt: Date | null; lockReason: string | null }, ownerReportedReason: string): LockKind {
  if (!user.lockedAt) return "none";
  return user.lockReason === ownerReportedReason ? "owner-reported" : "admin";
}

export interface OwnerUnlockFacts {
  via: "passkey" | "code";
  /** The typed code's guess budgets (per account, network, service): a passkey has none. */
  budget: "reserved" | "paused" | "unavailable" | "not-needed";
  /** The address or the passkey names an account. */
  accountFound: boolean | null;
  lock: LockKind | null;
  /** The account's streak of wrong codes had room for this guess (null: not asked, e.g. a passkey). */
  streakOpen: boolean | null;
  /** The code matched (unspent) or the passkey's assertion verified. */
  factorProven: boolean | null;
}

export type OwnerUnlockRefusal =
  "paused" | "unavailable" | "unknown-account" | "not-locked" | "admin-lock" | "codes-switched-off" | "factor-not-proven";

/**
 * What the person is told. "checked" is the one sentence for a typed code whatever happened
 * (unknown address, no lock, an administrator's lock, a wrong code, codes switched off, or
 * success: the owner learns of success by email); "refused" is the passkey sign-in's generic
 * refusal. Only a spent budget ("paused") or a store that is down ("unavailable") reads
 * differently, and those are the same for every address.
 */
export type OwnerUnlockAnswer = "checked" | "refused" | "paused" | "unavailable";

export type OwnerUnlockDecision =
  | { action: "unlock"; answer: "checked" | "signed-in" }
  /** A passkey of an account that is not locked: the recovery page signs in like /signin would. */
  | { action: "sign-in"; answer: "signed-in" }
  | { action: "refuse"; reason: OwnerUnlockRefusal; answer: OwnerUnlockAnswer };

export function decideOwnerUnlock(facts: OwnerUnlockFacts): OwnerUnlockDecision {
  const generic: OwnerUnlockAnswer = facts.via === "code" ? "checked" : "refused";
  const refuse = (reason: OwnerUnlockRefusal, answer: OwnerUnlockAnswer = generic): OwnerUnlockDecision => ({
    action: "refuse",
    reason,
    answer,
  });

  if (facts.via === "code") {
    if (facts.budget === "paused") return refuse("paused", "paused");
    if (facts.budget !== "reserved") return refuse("unavailable", "unavailable");
  }
  if (facts.accountFound !== true) return refuse("unknown-account");
  if (facts.via === "passkey" && facts.factorProven !== true) return refuse("factor-not-proven");
  if (facts.lock === "none" && facts.via === "passkey") return { action: "sign-in", answer: "signed-in" };
  if (facts.lock === "none") return refuse("not-locked");
  if (facts.lock !== "owner-reported") return refuse("admin-lock");
  if (facts.via === "code" && facts.streakOpen !== true) return refuse("codes-switched-off");
  if (facts.factorProven !== true) return refuse("factor-not-proven");
  return { action: "unlock", answer: facts.via === "code" ? "checked" : "signed-in" };
}
