import { db } from "../../db";
import { readEnv } from "../../env";
import { randomToken, sha256Hex } from "../../security/secrets";

const GRANT_TTL_MS = 60_000;
export const EMAIL_PROVIDER_ID = "nodemailer";

/**
 * Hashes a grant token exactly as Auth.js hashes the email token it receives
 * (SHA-256 of token + secret), so the stock callback can look it up.
 */
function authJsTokenHash(token: string): string {
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

/**
 * Called from the adapter's useVerificationToken: accepts a grant once, only in the browser
 * it was minted for, only before it expires. A single conditional update makes it atomic.
 */
export async function consumeSignInGrant(
  tokenHash: string,
  bindingHash: string | null,
  now: Date = new Date(),
): Promise<{ attemptId: string } | null> {
  if (!bindingHash) return null;
  const claimed = await db.signInGrant.updateMany({
    where: { tokenHash, bindingHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return null;
  const grant = await db.signInGrant.findUnique({ where: { tokenHash }, select: { attemptId: true } });
  return grant;
}
