/** The one error type of the admin console: a code for programs and a sentence for people. */
export class AdminError extends Error {
  override name = "AdminError";
  constructor(
    readonly code: AdminErrorCode,
    readonly userMessage: string,
  ) {
    super(userMessage);
  }
}

export type AdminErrorCode = "signed-out" | "not-admin" | "bad-origin" | "step-up-required" | "invalid-input" | "not-found" | "conflict";

export type AdminActionResult<T = undefined> = { ok: true; data: T; message: string } | { ok: false; code: AdminErrorCode; message: string };

export const ACCESS_MESSAGES = {
  "signed-out": "Your session has ended. Sign in again to continue.",
  "not-admin": "This page does not exist.",
  "bad-origin": "This request must come from the admin console of this site. Reload the page and try again.",
} as const;

/** Turns an AdminError into an action result; anything else is a bug and is rethrown. */
export function toActionFailure(error: unknown): AdminActionResult<never> {
  if (error instanceof AdminError) return { ok: false, code: error.code, message: error.userMessage };
  throw error;
}
