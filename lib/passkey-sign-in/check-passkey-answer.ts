import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import { verifyPasskeyAssertion } from "../step-up/passkey-assertion";
import type { PasskeySignInFacts } from "./decide-passkey-sign-in";
import { claimSignInChallenge, takeSignInChallenge } from "./sign-in-challenge";

export type AnsweringPasskey = NonNullable<Awaited<ReturnType<typeof findPasskey>>>;

function findPasskey(credentialId: string) {
  return db.passkey.findUnique({
    where: { credentialId },
    include: { user: { select: { email: true, lockedAt: true, lockReason: true } } },
  });
}

/**
 * The ceremony of a usernameless passkey answer, shared by /signin and the recovery page: the
 * challenge sealed to this browser, claimed once; the credential; its user handle; the
 * assertion (the one verifier, passkey-assertion.ts). What the account's lock means is the
 * caller's to decide.
 */
export async function checkPasskeyAnswer(
  response: AuthenticationResponseJSON,
  deviceHash: string,
): Promise<{ learnt: PasskeySignInFacts; passkey: AnsweringPasskey | null }> {
  const learnt: PasskeySignInFacts = {
    challengeIssuedHere: false,
    firstUse: null,
    passkeyKnown: null,
    userHandleMatches: null,
    assertionVerified: null,
    accountLocked: null,
  };
  const challenge = await takeSignInChallenge(deviceHash);
  learnt.challengeIssuedHere = challenge !== null;
  const passkey = challenge ? await findPasskey(response.id) : null;
  if (challenge) {
    learnt.firstUse = await claimSignInChallenge(challenge);
    if (learnt.firstUse) {
      learnt.passkeyKnown = passkey !== null;
      if (passkey) {
        learnt.userHandleMatches = response.response.userHandle === userHandleOf(passkey.userId);
        if (learnt.userHandleMatches) {
          learnt.assertionVerified = await verifyPasskeyAssertion(passkey, response, challenge);
          learnt.accountLocked = passkey.user.lockedAt !== null;
        }
      }
    }
  }
  return { learnt, passkey };
}

/** The user handle registration gave the authenticator (passkey-registration.ts): the account id's bytes, base64url. */
function userHandleOf(userId: string): string {
  return Buffer.from(userId, "utf8").toString("base64url");
}
