import "server-only";
import { cookies } from "next/headers";
import { usesSecureCookies } from "../env";
import { consume, limiterFor } from "../rate-limit/limiters";
import { decrypt, encrypt, sha256Hex } from "../security/secrets";

/**
 * The challenge of a passkey sign-in, between the options and the answer: sealed (AES-GCM)
 * in an HttpOnly, SameSite=Strict cookie that lives five minutes, naming the browser binding
 * it was issued to. An assertion signed over a challenge issued to another browser finds a
 * different challenge here and fails; each challenge is claimed once on the server, so a
 * captured assertion (and the cookie that went with it) cannot be replayed.
 */
export const SIGN_IN_CHALLENGE_TTL_SECONDS = 300;

interface SealedChallenge {
  purpose: "passkey-sign-in";
  challenge: string;
  bindingHash: string;
  expiresAt: number;
}

function cookieName(): string {
  return `${usesSecureCookies() ? "__Host-" : ""}passkey-sign-in`;
}

const cookieOptions = (maxAge: number) => ({ httpOnly: true, secure: usesSecureCookies(), sameSite: "strict" as const, path: "/", maxAge });

export async function rememberSignInChallenge(challenge: string, bindingHash: string, now: Date = new Date()): Promise<void> {
  const sealed: SealedChallenge = {
    purpose: "passkey-sign-in",
    challenge,
    bindingHash,
    expiresAt: now.getTime() + SIGN_IN_CHALLENGE_TTL_SECONDS * 1000,
  };
  (await cookies()).set(cookieName(), encrypt(JSON.stringify(sealed)), cookieOptions(SIGN_IN_CHALLENGE_TTL_SECONDS));
}

/**
 * The challenge this browser was given, if it is still valid, and ends it in the browser
 * whatever the answer. Null for a missing, tampered, expired or other browser's challenge.
 */
export async function takeSignInChallenge(bindingHash: string, now: Date = new Date()): Promise<string | null> {
  const cookieStore = await cookies();
  const sealed = cookieStore.get(cookieName())?.value;
  cookieStore.set(cookieName(), "", cookieOptions(0));
  if (!sealed || sealed.length > 2_000) return null;
  let opened: SealedChallenge;
  try {
    opened = JSON.parse(decrypt(sealed)) as SealedChallenge;
  } catch {
    return null;
  }
  const valid =
    opened.purpose === "passkey-sign-in" &&
    typeof opened.challenge === "string" &&
    opened.bindingHash === bindingHash &&
    typeof opened.expiresAt === "number" &&
    now.getTime() < opened.expiresAt;
  return valid ? opened.challenge : null;
}

/** True the first time a challenge is claimed, false ever after and while the store is down. */
export async function claimSignInChallenge(challenge: string): Promise<boolean> {
  const limiter = limiterFor(
    "passkey-sign-in-challenge-used",
    { points: 1, durationSeconds: 2 * SIGN_IN_CHALLENGE_TTL_SECONDS },
    { failClosed: true },
  );
  const result = await consume(limiter, sha256Hex(`passkey-sign-in:${challenge}`));
  return result.allowed;
}
