import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Facts about the request Auth.js is handling, for the adapter wrapper: Auth.js calls
 * adapter methods without the request, so the route handler puts them here.
 */
export interface AuthRequestContext {
  ip: string;
  userAgent: string | null;
  deviceHash: string | null;
  /** Set once a sign-in grant has been accepted in this request. */
  grant?: { attemptId: string; amr: string[] };
}

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();
