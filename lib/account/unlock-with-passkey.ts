import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { checkPasskeyAnswer } from "../passkey-sign-in/check-passkey-answer";
import { decidePasskeySignIn, type PasskeySignInAnswer } from "../passkey-sign-in/decide-passkey-sign-in";
import { grantPasskeySignIn } from "../passkey-sign-in/passkey-sign-in";
import { recordPasskeyRefusal } from "../passkey-sign-in/record-passkey-refusal";
import type { RequestFacts } from "../request/request-facts";
import { decideOwnerUnlock, lockKindOf } from "./decide-owner-unlock";
import { liftOwnerLock } from "./lift-owner-lock";
import { OWNER_REPORTED_LOCK_REASON } from "./secure-account";

export type PasskeyUnlockResult = { ok: true; unlocked: boolean; redirectTo: string } | { ok: false; answer: PasskeySignInAnswer };

/**
 * The recovery page's passkey: the same ceremony as /signin (a challenge sealed to this
 * browser, claimed once, the one assertion verifier), then the owner's lock is lifted and the
 * browser continues into the ordinary passkey sign-in (the same Auth.js grant). A passkey of an
 * account that is not locked simply signs in. Everything refused reads as /signin's refusal.
 */
export async function unlockWithPasskey(
  response: AuthenticationResponseJSON,
  requestedCallback: unknown,
  facts: RequestFacts & { deviceHash: string },
): Promise<PasskeyUnlockResult> {
  const answer = await checkPasskeyAnswer(response, facts.deviceHash);
  const { learnt, passkey } = answer;
  // The ceremony alone: whether the lock stands in the way is decided below.
  const ceremony = decidePasskeySignIn({ ...learnt, accountLocked: learnt.accountLocked === null ? null : false });
  const lock = passkey ? lockKindOf(passkey.user, OWNER_REPORTED_LOCK_REASON) : null;
  const decision =
    ceremony.ok && passkey
      ? decideOwnerUnlock({ via: "passkey", budget: "not-needed", accountFound: true, lock, streakOpen: null, factorProven: true })
      : null;

  let unlocked = false;
  if (passkey && decision?.action === "unlock") {
    unlocked = await liftOwnerLock({ userId: passkey.userId, email: passkey.user.email }, "passkey", async () => true, facts);
  }
  if (passkey && (decision?.action === "sign-in" || unlocked)) {
    return { ok: true, unlocked, redirectTo: await grantPasskeySignIn(passkey, requestedCallback, facts.deviceHash) };
  }

  const reason = !ceremony.ok ? ceremony.reason : decision?.action === "refuse" ? decision.reason : "lock-changed";
  await recordPasskeyRefusal({ type: "account.unlocked", reason, details: { by: "owner", method: "passkey" } }, answer, facts);
  return { ok: false, answer: ceremony.ok ? "refused" : ceremony.answer };
}
