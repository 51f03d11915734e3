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
