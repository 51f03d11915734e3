/**
 * Every sentence a person sees when something they asked for was refused, by area and code
 * (and the outcome sentences of the pages that report both refusals and successes by a code).
 * Client-safe (no server imports): client components show these too. Codes are part of the
 * contract (JSON bodies, redirects, tests); the words may change freely. Sign-in failures that
 * depend on settings (link lifetime) are built by failureMessage() in
 * lib/magic-link/failure-reasons.ts, which the sign-in pages render.
 */
export const USER_MESSAGES = {
  /** The gates of actions and route handlers outside sign-in and the admin console. */
  access: {
    "bad-origin": "This request must come from a page of this site.",
    "signed-out": "Your session has ended. Sign in again.",
    "session-gone": "Your session ended meanwhile. Sign in again.",
  },
  /** The sign-in routes under /api/sign-in and the sign-in form. */
  signIn: {
    "bad-origin": "This request must come from the sign-in page of this site.",
    "form-origin": "This form must be sent from this site. Reload the page and try again.",
    "incomplete-link": "This link is incomplete. Open it straight from the email.",
    "approval-number": "Type the two-digit number the other device shows.",
    "request-body": 'Send JSON like {"email": "you@example.com"}.',
  },
  admin: {
    "signed-out": "Your session has ended. Sign in again to continue.",
    "not-admin": "This page does not exist.",
    "bad-origin": "This request must come from the admin console of this site. Reload the page and try again.",
    "invalid-input": "Check the form and try again.",
  },
  invitation: {
    "not-found": "That account does not exist.",
    "not-admin": "Only administrators need an invitation: everyone else sets up a factor after signing in.",
    "has-factor": "This administrator already has a passkey or authenticator app.",
  },
  emailChange: {
    "invalid-email": "Enter an email address.",
    "invalid-link": "This link is not valid. Copy the whole link from the email, or ask for a new one.",
    expired: "This link has expired. Ask for the change again from your account page.",
    "already-used": "This link was already used.",
    stale: "The account's address changed since this link was sent, so it no longer applies.",
    "address-taken": "That address now belongs to another account, so the change could not be made.",
    locked: "This account is locked, so its address cannot change. Contact support.",
  },
  /** Why an undo was not done yet: the account's factor is needed, or what was offered did not prove it. */
  revertProof: {
    "factor-required": "This account is protected by a passkey or an authenticator app. Prove it is you to undo the change.",
    "wrong-code": "That code is not right. Check your authenticator app (or recovery code) and try again.",
    paused: "Too many wrong codes. Code entry is paused for a while; try again later or use your passkey.",
    "codes-locked": "Codes are switched off for this account after too many wrong ones in a row. Use your passkey, or contact support.",
    unavailable: "We could not check codes just now. Try again in a minute.",
    "passkey-expired": "The passkey check took too long. Try again.",
    "passkey-refused": "That passkey could not prove it is you. Use a passkey you had before the change.",
  },
  secureAccount: {
    "invalid-link": "This link is not valid. Copy the whole link from the email, or ask your administrator to lock the account.",
    expired: "This link has expired. If someone else is using your account, ask your administrator to lock it.",
    "already-used":
      "This link was already used: the account was locked then. Unlock it at /secure-account/recover with your passkey, authenticator app or a recovery code, or ask your administrator.",
  },
  factorResetCancel: {
    "invalid-link": "This link is not valid. Copy the whole link from the email, or ask your administrator to cancel the reset.",
    "already-cancelled": "This reset was already cancelled: nothing will be removed.",
    "already-completed": "Too late: this reset already took effect. Ask your administrator if you did not want it.",
    "too-late": "Too late: this reset has taken effect. Ask your administrator if you did not want it.",
  },
  factorResetRequest: {
    "own-account": "You cannot reset your own factors: ask another administrator.",
    "not-found": "That account does not exist.",
    "already-pending": "A reset of this account's factors is already pending: cancel it first to start again.",
    "no-factors": "This account has no passkey, authenticator app or recovery code to reset.",
  },
  factors: {
    "passkey-gone": "That passkey is gone.",
    "totp-exists": "An authenticator app is already set up. Remove it first to set up another.",
  },
  totpConfirm: {
    expired: "Setup took too long. Start again.",
    "wrong-code": "That code is not right. Check the time on your phone and try the newest code.",
  },
  passkeyRegistration: {
    "bad-request": "The passkey response could not be read.",
    expired: "That took too long. Start again.",
    "not-verified": "The passkey could not be verified. Start again.",
    "already-registered": "This passkey is already registered.",
  },
  passkeyStepUp: {
    "bad-request": "The passkey response could not be read.",
    "no-passkey": "This account has no passkey yet.",
    expired: "That took too long. Try again.",
    "unknown-passkey": "That passkey does not belong to this account.",
    "not-verified": "The passkey could not be verified. Try again.",
  },
  passkeySignIn: {
    "bad-request": "The passkey response could not be read. Reload the page and try again.",
    expired: "That took too long, or the page was open in another window. Try your passkey again.",
    refused: "That passkey can't sign you in. Try another passkey, or get an email link instead.",
    "rate-limited": "Too many passkey sign-ins from here. Wait a few minutes, or get an email link instead.",
  },
  /** The recovery page (/secure-account/recover): one sentence for every typed code, right or wrong. */
  ownerUnlock: {
    checked:
      "If that account was locked from a \u201cthis wasn\u2019t me\u201d link and the code is right, it is unlocked now and we have emailed its owner. Check your inbox, then sign in as usual.",
    paused: "Too many codes were tried. Code entry is paused for a while; try again later, or use your passkey.",
    unavailable: "Codes can't be checked right now. Try again in a minute, or use your passkey.",
    "passkey-rate-limited": "Too many passkey tries from here. Wait a few minutes, or use a code.",
  },
  /** The ?error= of the step-up page, set by the code and email-code routes. */
  stepUp: {
    "wrong-code": "That code is not right. Check it and try again.",
    paused: "Too many wrong codes. Wait a while, or use a passkey.",
    "codes-locked":
      "Codes are switched off for your account after too many wrong ones in a row. Use your passkey, or ask support to switch codes back on.",
    unavailable: "Codes can't be checked right now. Try again in a minute, or use your passkey.",
    "not-enrolled": "That method is not set up on your account.",
    "rate-limited": "Too many codes sent. Wait a few minutes before asking for another.",
    "bad-request": "Something was missing from the form. Try again.",
    "not-offered": "An emailed code can't confirm this. Use one of the ways shown here.",
    "has-factor": "Your account has a passkey or authenticator app: use it instead of an emailed code.",
  },
  /** The /account?approval= outcome of answering a sign-in held for this browser's approval: approved and denied are successes. */
  heldSignIn: {
    approved: "Approved: that browser is signed in now.",
    denied: "Turned down: that sign-in has ended. If it wasn't you, protect your email account.",
    "wrong-number": "That is not the number the other browser shows. Check it and try again.",
    "too-many-tries": "Too many wrong numbers: that sign-in has ended.",
    gone: "That sign-in is not waiting any more.",
    "not-allowed": "Only a browser you have signed in with before can approve a sign-in.",
    refused: "That request did not come from this site.",
  },
  /** Infrastructure answers the wrappers give on their own. */
  service: {
    "temporarily-unavailable": "We can't complete this right now because part of our service is unavailable. Please try again in a minute.",
    "payload-too-large": "This request is too large.",
    "invalid-input": "Check the form and try again.",
  },
} as const;

type Messages = typeof USER_MESSAGES;
export type MessageArea = keyof Messages;
export type MessageCode<Area extends MessageArea> = keyof Messages[Area] & string;

/**
 * Why a mail provider's delivery webhook was refused (lib/mail/feedback): the sentences are for
 * whoever configures the webhook and name the exact header or setting, so each is given where thrown.
 */
export type WebhookRefusalCode =
  | "not-configured"
  | "not-json"
  | "not-postmark"
  | "not-resend"
  | "not-ses"
  | "not-sns"
  | "postmark-credentials"
  | "sns-certificate-budget"
  | "sns-certificate-expired"
  | "sns-certificate-invalid"
  | "sns-certificate-url"
  | "sns-certificate-unavailable"
  | "sns-signature"
  | "sns-subscribe-failed"
  | "sns-subscribe-url"
  | "sns-topic"
  | "svix-missing"
  | "svix-signature"
  | "svix-timestamp"
  | "too-large"
  | "too-old";

/** Every code a refusal can carry: the union of the codes above plus the few that only carry a specific sentence. */
export type AppErrorCode =
  | { [Area in MessageArea]: MessageCode<Area> }[MessageArea]
  | "step-up-required"
  | "not-found"
  | "conflict"
  | "invalid-filters"
  | "invalid-query"
  | "unauthorized"
  | "jobs-mode"
  | "same-address"
  | "invalid_token"
  | "insufficient_scope"
  | "already-enrolled"
  | WebhookRefusalCode;

/** The settings some sentences depend on; the server reads them (lib/env.ts) and passes them to the page. */
export interface MessageSettings {
  /** How long step-up codes stay paused after too many wrong ones (STEP_UP_CODE_FAILURES). */
  stepUpPauseMinutes: number;
}

/** The step-up page's ?error= sentences, with the pause as configured. */
export function stepUpErrorMessages(settings: MessageSettings): Record<string, string> {
  return { ...USER_MESSAGES.stepUp, paused: `Too many wrong codes. Wait ${settings.stepUpPauseMinutes} minutes, or use a passkey.` };
}

export function userMessage<Area extends MessageArea>(area: Area, code: MessageCode<Area>): string {
  return (USER_MESSAGES[area] as Record<string, string>)[code];
}
