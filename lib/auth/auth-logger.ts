import { AuthError } from "next-auth";
import type { NextAuthConfig } from "next-auth";
import { logEvent } from "../log";
import { EXPECTED_AUTH_ERRORS, throttleExpected, type ThrottleState } from "./auth-log-policy";

const throttles = new Map<string, ThrottleState>();

/** Auth.js's logger, as one structured line per event (see auth-log-policy.ts). */
export const authLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error: Error) {
    const kind = error instanceof AuthError ? error.type : error.name;
    if (EXPECTED_AUTH_ERRORS.has(kind)) {
      const decision = throttleExpected(throttles, kind, Date.now());
      if (decision.log) logEvent("info", "auth.request_refused", { kind, suppressedInLastWindow: decision.suppressedBefore });
      return;
    }
    const cause =
      error.cause && typeof error.cause === "object" && "err" in error.cause && error.cause.err instanceof Error ? error.cause.err : null;
    logEvent("error", "auth.error", { kind, message: error.message, cause: cause?.message ?? null, stack: (cause ?? error).stack ?? null });
  },
  warn(code: string) {
    logEvent("warn", "auth.warning", { code });
  },
  // Auth.js's debug output includes request URLs with tokens: never logged.
  debug() {},
};
