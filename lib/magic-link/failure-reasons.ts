/**
 * Why a link, a code or an approval did not sign anyone in, and what to tell the person.
 * Client-safe (no server imports): the sign-in pages render these in the browser too.
 *
 * The same words whether or not an account exists for the address: these screens are
 * reached with a link or an attempt id, never by typing an address.
 */
export const FAILURE_REASONS = [
  "expired",
  "already-used",
  "superseded",
  "cancelled",
  "locked",
  "not-found",
  "other-browser",
  "too-many-tries",
  "wrong-code",
  "account-locked",
  "codes-locked",
  "code-entry-unavailable",
  "wrong-number",
  "not-requested",
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

const REASONS: ReadonlySet<string> = new Set(FAILURE_REASONS);

/** For reasons that arrive in a query string: only known ones are shown. */
export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === "string" && REASONS.has(value);
}

export function failureMessage(reason: FailureReason, linkTtlMinutes: number): { title: string; body: string } {
  const messages: Record<FailureReason, { title: string; body: string }> = {
    expired: {
      title: "This link has expired",
      body: `Links work for ${linkTtlMinutes} minutes and only once. Request a new link from the sign-in page.`,
    },
    "already-used": {
      title: "This link has already been used",
      body: "Each link signs in only once. If you still need to sign in, request a new link from the sign-in page.",
    },
    superseded: {
      title: "A newer link was sent",
      body: "Only the most recent link works. Use the link in the newest email, or request a new one.",
    },
    cancelled: {
      title: "This sign-in was cancelled",
      body: "For your safety this link can no longer be used. Request a new link from the sign-in page.",
    },
    locked: {
      title: "This sign-in can't be completed",
      body: "For your security this sign-in was stopped. If you think this is a mistake, contact support.",
    },
    "not-found": {
      title: "This link isn't valid",
      body: "It may be incomplete. Open it straight from the email, or request a new link from the sign-in page.",
    },
    "other-browser": {
      title: "This link was requested in another browser",
      body: "Open the link in the browser where you asked for it, or type the 6‑digit code there.",
    },
    "too-many-tries": {
      title: "Too many wrong codes",
      body: "This code no longer works. Request a new link and code from the sign-in page.",
    },
    "wrong-code": { title: "That code isn't right", body: "Check the 6‑digit code in the newest email and try again." },
    "account-locked": {
      title: "Code entry is paused",
      body: "There were too many wrong codes for this address. Try again later, or open the link from the email in this browser.",
    },
    "codes-locked": {
      title: "Codes are switched off for this address",
      body: "There were too many wrong codes in a row. Open the link from the email in this browser instead; codes work again after a passkey sign-in or when support switches them back on.",
    },
    "code-entry-unavailable": {
      title: "Codes can't be checked right now",
      body: "Part of our service is unavailable, so no code is accepted for the moment. Open the link from the email in this browser, or try the code again in a minute.",
    },
    "wrong-number": {
      title: "Sign-in not approved",
      body: "The number entered didn't match, so this sign-in was cancelled. If you were signing in, request a new link.",
    },
    "not-requested": {
      title: "Sign-in stopped",
      body: "You said you didn't ask to sign in, so this sign-in was cancelled and the account owner told. If you did ask after all, request a new link.",
    },
  };
  return messages[reason] ?? messages["not-found"];
}
