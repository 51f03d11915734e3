import { db } from "../../db";
import { readEnv } from "../../env";
import { randomToken, sha256Hex } from "../../security/secrets";

const GRANT_TTL_MS = 60_000;
export const EMAIL_PROVIDER_ID = "nodemailer";

/**
 * Hashes a grant token exactly as Auth.js hashes the email token it receives
 * (SHA-256 of token + secret), so the stock callback can look it up.
 */
export function authJsTokenHash(token: string): string {
  return sha256Hex(`${token}${readEnv().AUTH_SECRET}`);
}

/**
 * A one-time, 60-second permission for Auth.js's email callback to create the session, bound
 * to the browser that will use it. redeemAtomically stores `tokenHash` as a SignInGrant and as
 * the VerificationToken Auth.js looks up, in the statement that redeems the attempt, and
 * redirects that browser (303) to `callbackUrl`, the only place the token itself goes.
 */
export function newSignInGrant(
  grant: { email: string; callbackPath: string },
  now: Date = new Date(),
): { tokenHash: string; expiresAt: Date; callbackUrl: string } {
  const token = randomToken();
  const params = new URLSearchParams({ token, email: grant.email, callbackUrl: grant.callbackPath });
  return {
    tokenHash: authJsTokenHash(token),
    expiresAt: new Date(now.getTime() + GRANT_TTL_MS),
    callbackUrl: `/api/auth/callback/${EMAIL_PROVIDER_ID}?${params.toString()}`,
  };
}

/** How a grant's sign-in was proven: an emailed link or code, or a passkey. */
export type SignInGrantMethod = "email" | "passkey";

export type ConsumedSignInGrant = { method: "email"; attemptId: string } | { method: "passkey"; userId: string };

/**
 * A grant for a verified passkey sign-in (lib/passkey-sign-in): the same Auth.js callback as a
 * link's, so Auth.js creates the session exactly as it does for email. It has no attempt; it
 * names the account instead, and the adapter lets Auth.js through only for that account's
 * current address.
 */
export async function issuePasskeySignInGrant(
  grant: { userId: string; email: string; bindingHash: string; callbackPath: string },
  now: Date = new Date(),
): Promise<{ callbackUrl: string }> {
  const minted = newSignInGrant({ email: grant.email, callbackPath: grant.callbackPath }, now);
  await db.$transaction([
    db.signInGrant.create({
      data: {
        tokenHash: minted.tokenHash,
        method: "passkey",
        userId: grant.userId,
        bindingHash: grant.bindingHash,
        expiresAt: minted.expiresAt,
        createdAt: now,
      },
    }),
    db.verificationToken.create({ data: { identifier: grant.email, token: minted.tokenHash, expires: minted.expiresAt } }),
  ]);
  return { callbackUrl: minted.callbackUrl };
}

/**
 * Called from the adapter's useVerificationToken: accepts a grant once, only in the browser
 * it was minted for, only before it expires. A single conditional update makes it atomic.
 */
export async function consumeSignInGrant(
  tokenHash: string,
  bindingHash: string | null,
  now: Date = new Date(),
): Promise<ConsumedSignInGrant | null> {
  if (!bindingHash) return null;
  const claimed = await db.signInGrant.updateMany({
    where: { tokenHash, bindingHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return null;
  return readUsedSignInGrant(tokenHash, bindingHash);
}

/**
 * A grant consumeSignInGrant accepted for this browser, read again by the adapter's
 * createSession in the same request: the database is the one record of which grant was used,
 * so the two adapter calls need not pass it between them.
 */
export async function readUsedSignInGrant(tokenHash: string, bindingHash: string): Promise<ConsumedSignInGrant | null> {
  const grant = await db.signInGrant.findFirst({
    where: { tokenHash, bindingHash, usedAt: { not: null } },
    select: { attemptId: true, method: true, userId: true },
  });
  if (grant?.method === "passkey" && grant.userId) return { method: "passkey", userId: grant.userId };
  if (grant?.method === "email" && grant.attemptId) return { method: "email", attemptId: grant.attemptId };
  return null;
}
