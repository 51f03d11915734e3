import { readEnv } from "../env";

/**
 * Email-change links carry their secret in the fragment, which browsers never send: a mail
 * scanner fetching the link learns nothing and changes nothing. The page posts the
 * secret only when the person clicks.
 */
export const EMAIL_CHANGE_TTL_MINUTES = 30;
export const REVERT_WINDOW_DAYS = 7;

export function confirmEmailChangeUrl(changeId: string, token: string): string {
  return `${readEnv().AUTH_URL}/account/email/confirm?change=${encodeURIComponent(changeId)}#${token}`;
}

export function revertEmailChangeUrl(changeId: string, token: string): string {
  return `${readEnv().AUTH_URL}/account/email/revert?change=${encodeURIComponent(changeId)}#${token}`;
}

/** "ann@example.com" → "a••@example.com", for the audit trail and screens that need no more. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}••@${domain ?? ""}`;
}
