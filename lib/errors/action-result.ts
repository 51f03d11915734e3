import type { AppErrorCode } from "./user-messages";

/**
 * What every server action returns to the browser: data (and, for admin forms, a sentence),
 * or a code and a sentence for people. Client-safe: components import the type.
 */
export type ActionResult<T = null> = { ok: true; data: T; message?: string } | ActionFailure;

export type ActionFailure = {
  ok: false;
  code: AppErrorCode;
  message: string;
  stepUpUrl?: string;
  /** What the person typed, given back so the form keeps it (never a secret). */
  values?: Record<string, string>;
};
