import { safeCallbackPath } from "../magic-link/request/callback-path";

/**
 * Where the step-up screen sends the user back to: a relative path on this site only.
 * Reuses the sign-in callback rules (no "//host", no encoded tricks) with every local path
 * allowed, since the user is already signed in and only moves within the app.
 */
export function safeReturnTo(raw: unknown): string {
  return safeCallbackPath(raw, ["/"]);
}

export function stepUpPath(policy: string, returnTo: string): string {
  return `/step-up?${new URLSearchParams({ policy, returnTo: safeReturnTo(returnTo) })}`;
}
