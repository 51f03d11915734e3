import "server-only";
import { cookies } from "next/headers";
import { usesSecureCookies } from "../env";
import { type ActiveSession } from "../auth/session-store";
import { consume, limiterFor } from "../rate-limit/limiters";
import { decrypt, encrypt, sha256Hex } from "../security/secrets";

/**
 * State between the two halves of a ceremony (WebAuthn options → response, email code
 * sent → typed): an encrypted, HttpOnly cookie that lives a few minutes. It is bound to the
 * session that started it, and step-ups rotate the session, so a finished step-up's
 * ceremony can never be replayed. `claimOnce` adds a server-side single-use check for
 * ceremonies that do not rotate the session (passkey registration).
 */
export type CeremonyKind = "passkey-registration" | "passkey-step-up" | "email-code" | "email-change-revert";

/** Who a ceremony belongs to: a session, or (for an email-change undo, which has none) the change. */
export type CeremonyOwner = Pick<ActiveSession, "userId" | "tokenHash">;

export interface Ceremony {
  kind: CeremonyKind;
  /** The WebAuthn challenge, or the keyed hash of an emailed code. */
  challenge: string;
  userId: string;
  sessionHash: string;
  expiresAt: number;
}

const TTL_SECONDS: Record<CeremonyKind, number> = {
  "passkey-registration": 300,
  "passkey-step-up": 300,
  "email-code": 600,
  "email-change-revert": 300,
};

function cookieName(kind: CeremonyKind): string {
  return `${usesSecureCookies() ? "__Host-" : ""}ceremony-${kind}`;
}

const cookieOptions = (maxAge: number) => ({ httpOnly: true, secure: usesSecureCookies(), sameSite: "strict" as const, path: "/", maxAge });

export async function startCeremony(kind: CeremonyKind, session: CeremonyOwner, challenge: string, now: Date = new Date()): Promise<void> {
  const ceremony: Ceremony = {
    kind,
    challenge,
    userId: session.userId,
    sessionHash: session.tokenHash,
    expiresAt: now.getTime() + TTL_SECONDS[kind] * 1000,
  };
  (await cookies()).set(cookieName(kind), encrypt(JSON.stringify(ceremony)), cookieOptions(TTL_SECONDS[kind]));
}

/** The ceremony this session started, if it is still valid; null for anything else. */
export async function readCeremony(kind: CeremonyKind, session: CeremonyOwner, now: Date = new Date()): Promise<Ceremony | null> {
  const sealed = (await cookies()).get(cookieName(kind))?.value;
  if (!sealed || sealed.length > 2_000) return null;
  let ceremony: Ceremony;
  try {
    ceremony = JSON.parse(decrypt(sealed)) as Ceremony;
  } catch {
    return null;
  }
  const valid =
    ceremony.kind === kind &&
    ceremony.userId === session.userId &&
    ceremony.sessionHash === session.tokenHash &&
    typeof ceremony.challenge === "string" &&
    now.getTime() < ceremony.expiresAt;
  return valid ? ceremony : null;
}

export async function endCeremony(kind: CeremonyKind): Promise<void> {
  (await cookies()).set(cookieName(kind), "", cookieOptions(0));
}

/** True the first time a challenge is claimed, false ever after (and when the store is down). */
export async function claimOnce(ceremony: Ceremony): Promise<boolean> {
  const limiter = limiterFor("ceremony-used", { points: 1, durationSeconds: 24 * 3600 });
  const result = await consume(limiter, sha256Hex(`${ceremony.kind}:${ceremony.challenge}`));
  return result.allowed;
}
