import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Facts about the request Auth.js is handling, for the adapter wrapper: Auth.js calls adapter
 * methods without the request, so the route handler puts them here before Auth.js runs
 * (read-auth-request-context.ts). Read-only: nothing is handed from one adapter call to the
 * next, or back to the route, through it.
 */
export interface AuthRequestContext {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly deviceHash: string | null;
  /**
   * Auth.js's hash of the sign-in grant this request brings to the email callback (its `token`
   * parameter), null when it brings none. useVerificationToken accepts no other grant, and
   * createSession reads what that grant proved back from the database, where consuming it
   * marked it used: Auth.js passes nothing of the token on to createSession.
   */
  readonly grantTokenHash: string | null;
}

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();
