import { generateSecret, generateURI, verify } from "otplib";

/**
 * TOTP as every authenticator app expects it (RFC 6238: SHA-1, 6 digits, 30 s), with a
 * 160-bit secret. A code may be one step early or late (clock drift, typing time), and a
 * time step that was already accepted is never accepted again (replay).
 */
const DRIFT_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountLabel: string, issuer: string): string {
  return generateURI({ issuer, label: accountLabel, secret });
}

/** The time step the code belongs to, or null when it is wrong, malformed or already used. */
export async function matchTotpCode(secret: string, code: string, lastUsedStep: bigint | null, now: Date): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verify({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: DRIFT_SECONDS,
      afterTimeStep: lastUsedStep === null ? undefined : Number(lastUsedStep),
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    // otplib throws on an out-of-range afterTimeStep; a code that cannot be checked is wrong.
    return null;
  }
}
