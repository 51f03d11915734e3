/**
 * What is known once a passkey sign-in's answer has been checked, in the order it was learnt.
 * `null` for a fact never learnt because an earlier one already decided.
 */
export interface PasskeySignInFacts {
  /** This browser holds a sealed challenge, issued to it, not yet expired. */
  challengeIssuedHere: boolean;
  /** The challenge had not been used before (claimed now, on the server). */
  firstUse: boolean | null;
  /** The credential is a passkey registered with some account. */
  passkeyKnown: boolean | null;
  /** The authenticator's user handle names the account that passkey belongs to. */
  userHandleMatches: boolean | null;
  /** The signature, origin, RP ID, challenge, user verification and counter all check out. */
  assertionVerified: boolean | null;
  /** The account is locked (User.lockedAt). */
  accountLocked: boolean | null;
}

/** Why a passkey sign-in was refused: for the audit trail only, never for the person asking. */
export type PasskeySignInRefusal =
  "no-challenge" | "challenge-reused" | "unknown-passkey" | "user-handle-mismatch" | "not-verified" | "account-locked";

/**
 * What the person is told. "expired" only ever says the page's own challenge ran out or was
 * used: it is about this browser, not about any account. Every other refusal reads the same,
 * so the answer never says whether a passkey exists, belongs to a locked account, or failed
 * its signature.
 */
export type PasskeySignInAnswer = "expired" | "refused";

export type PasskeySignInDecision = { ok: true } | { ok: false; reason: PasskeySignInRefusal; answer: PasskeySignInAnswer };

/** Pure: may this passkey answer sign the browser in? */
export function decidePasskeySignIn(facts: PasskeySignInFacts): PasskeySignInDecision {
  if (!facts.challengeIssuedHere) return { ok: false, reason: "no-challenge", answer: "expired" };
  if (facts.firstUse !== true) return { ok: false, reason: "challenge-reused", answer: "expired" };
  if (facts.passkeyKnown !== true) return { ok: false, reason: "unknown-passkey", answer: "refused" };
  if (facts.userHandleMatches !== true) return { ok: false, reason: "user-handle-mismatch", answer: "refused" };
  if (facts.assertionVerified !== true) return { ok: false, reason: "not-verified", answer: "refused" };
  if (facts.accountLocked !== false) return { ok: false, reason: "account-locked", answer: "refused" };
  return { ok: true };
}
