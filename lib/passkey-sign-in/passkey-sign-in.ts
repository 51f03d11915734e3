import "server-only";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import { readEnv } from "../env";
import { safeCallbackPath } from "../magic-link/request/callback-path";
import { issuePasskeySignInGrant } from "../magic-link/redeem/sign-in-grant";
import { clearStreaks, streakKey } from "../rate-limit/code-failure-streak";
import type { RequestFacts } from "../request/request-facts";
import { relyingParty } from "../step-up/relying-party";
import { checkPasskeyAnswer } from "./check-passkey-answer";
import { decidePasskeySignIn, type PasskeySignInAnswer } from "./decide-passkey-sign-in";
import { recordPasskeyRefusal } from "./record-passkey-refusal";
import { rememberSignInChallenge } from "./sign-in-challenge";

/**
 * Options for a usernameless navigator.credentials.get(): no allowCredentials (the browser
 * offers the discoverable passkeys it holds for this site, in its autofill or its own
 * dialog), user verification required, and a challenge sealed to this browser.
 */
export async function passkeySignInOptions(bindingHash: string) {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: 300_000 });
  await rememberSignInChallenge(options.challenge, bindingHash);
  return options;
}

export type PasskeySignInResult = { ok: true; redirectTo: string } | { ok: false; answer: PasskeySignInAnswer };

/**
 * Checks a passkey's answer and, when it signs someone in, hands over to Auth.js with a
 * browser-bound grant (the same callback an email link uses), so Auth.js creates the session.
 * A refusal is audited with its real reason; the person only learns "expired" or "refused".
 */
export async function finishPasskeySignIn(
  response: AuthenticationResponseJSON,
  requestedCallback: unknown,
  facts: RequestFacts & { deviceHash: string },
): Promise<PasskeySignInResult> {
  const answer = await checkPasskeyAnswer(response, facts.deviceHash);
  const { learnt, passkey } = answer;

  const decision = decidePasskeySignIn(learnt);
  if (!decision.ok || !passkey) {
    await recordPasskeyRefusal(
      { type: "passkey.sign_in_failed", reason: decision.ok ? "unknown-passkey" : decision.reason },
      answer,
      facts,
    );
    return { ok: false, answer: decision.ok ? "refused" : decision.answer };
  }

  return { ok: true, redirectTo: await grantPasskeySignIn(passkey, requestedCallback, facts.deviceHash) };
}

/** Hands a proven passkey over to Auth.js: a browser-bound grant to the callback an email link uses. Returns where to go. */
export async function grantPasskeySignIn(
  passkey: { userId: string; user: { email: string } },
  requestedCallback: unknown,
  bindingHash: string,
): Promise<string> {
  // A passkey is the strong proof that switches emailed codes back on after a streak of wrong ones.
  await clearStreaks(db, [streakKey.signInCode(passkey.user.email), streakKey.stepUpCode(passkey.userId)]);
  const grant = await issuePasskeySignInGrant({
    userId: passkey.userId,
    email: passkey.user.email,
    bindingHash,
    callbackPath: safeCallbackPath(requestedCallback, readEnv().CALLBACK_PATHS),
  });
  return grant.callbackUrl;
}
