/** Why an email-change or undo link did nothing; thrown inside a transaction to roll it back. */
export class EmailChangeError extends Error {
  override name = "EmailChangeError";
  constructor(readonly code: "invalid-link" | "expired" | "already-used" | "stale" | "address-taken" | "locked") {
    super(code);
  }
}

export const EMAIL_CHANGE_MESSAGES: Record<EmailChangeError["code"], string> = {
  "invalid-link": "This link is not valid. Copy the whole link from the email, or ask for a new one.",
  expired: "This link has expired. Ask for the change again from your account page.",
  "already-used": "This link was already used.",
  stale: "The account's address changed since this link was sent, so it no longer applies.",
  "address-taken": "That address now belongs to another account, so the change could not be made.",
  locked: "This account is locked, so its address cannot change. Contact support.",
};

/** Why an undo was not done yet: the account's factor is needed, or what was offered did not prove it. */
export const REVERT_PROOF_MESSAGES = {
  "factor-required": "This account is protected by a passkey or an authenticator app. Prove it is you to undo the change.",
  "wrong-code": "That code is not right. Check your authenticator app (or recovery code) and try again.",
  paused: "Too many wrong codes. Code entry is paused for a while; try again later or use your passkey.",
  "codes-locked": "Codes are switched off for this account after too many wrong ones in a row. Use your passkey, or contact support.",
  unavailable: "We could not check codes just now. Try again in a minute.",
  "passkey-expired": "The passkey check took too long. Try again.",
  "passkey-refused": "That passkey could not prove it is you. Use a passkey you had before the change.",
} as const;
