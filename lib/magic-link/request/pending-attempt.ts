import { cookies } from "next/headers";
import { readEnv } from "../../env";
import { cookieNames, cookieOptions } from "../../auth/cookie-names";
import { decrypt, encrypt } from "../../security/secrets";

/**
 * Which attempt the "check your email" tab waits on, in an encrypted HttpOnly cookie. Every
 * accepted request gets one of the same shape and lifetime — a real attempt, or, when the
 * address is locked or over its budget, a decoy that behaves like a real attempt nobody opens —
 * so neither the answer, the cookies nor the status that follows tells addresses apart.
 */
export interface PendingAttempt {
  attemptId: string;
  email: string;
  issuedAt: number;
  /** No attempt exists behind it (decoy-attempt.ts answers for it). */
  decoy: boolean;
}

export async function rememberPendingAttempt(pending: PendingAttempt): Promise<void> {
  (await cookies()).set(cookieNames.pendingAttempt(), sealPendingAttempt(pending), cookieOptions(readEnv().LINK_TTL_MINUTES * 60));
}

/** The cookie's value: encrypted with AUTH_SECRET (the request benchmark seals its prepared tabs' cookies with it too). */
export function sealPendingAttempt(pending: PendingAttempt): string {
  return encrypt(JSON.stringify({ a: pending.attemptId, e: pending.email, t: pending.issuedAt, d: pending.decoy ? 1 : 0 }));
}

export async function readPendingAttempt(): Promise<PendingAttempt | null> {
  const sealed = (await cookies()).get(cookieNames.pendingAttempt())?.value;
  if (!sealed || sealed.length > 1_000) return null;
  try {
    const value = JSON.parse(decrypt(sealed)) as { a: unknown; e: unknown; t: unknown; d: unknown };
    if (typeof value.a !== "string" || typeof value.e !== "string" || typeof value.t !== "number") return null;
    return { attemptId: value.a, email: value.e, issuedAt: value.t, decoy: value.d === 1 };
  } catch {
    return null;
  }
}
