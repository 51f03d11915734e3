import { AsyncLocalStorage } from "node:async_hooks";
import type { SignInGrantMethod } from "../magic-link/redeem/sign-in-grant";

/**
 * Facts about the request Auth.js is handling, for the adapter wrapper: Auth.js calls
 * adapter methods without the request, so the route handler puts them here.
 */
export interface AuthRequestContext {
  ip: string;
  userAgent: string | null;
  deviceHash: string | null;
  /** Set once a sign-in grant has been accepted in this request. */
  grant?: {
    /** The email link or code's attempt; null for a passkey sign-in, which has none. */
    attemptId: string | null;
    amr: string[];
    /** How the sign-in was proven, as the audit trail records it (session.created's method). */
    method: SignInGrantMethod;
  };
}

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();
