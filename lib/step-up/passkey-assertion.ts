import "server-only";
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import { logEvent } from "../log";
import { relyingParty } from "./relying-party";

type StoredPasskey = { id: string; credentialId: string; publicKey: Uint8Array; counter: bigint; transports: string[] };

/**
 * Verifies a WebAuthn assertion against one stored passkey and the challenge we issued, with
 * user verification required, and moves the passkey's signature counter on success.
 */
export async function verifyPasskeyAssertion(
  passkey: StoredPasskey,
  response: AuthenticationResponseJSON,
  challenge: string,
): Promise<boolean> {
  const rp = relyingParty();
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
    if (!verification.verified) return false;
    await db.passkey.update({
      where: { id: passkey.id },
      data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    return true;
  } catch (error) {
    logEvent("warn", "passkey.assertion_rejected", { message: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
