import "server-only";
import { clearStreaks, streakKey } from "../rate-limit/code-failure-streak";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import type { ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { endCeremony, readCeremony, startCeremony } from "./ceremony";
import { completeStepUp, recordStepUpFailure } from "./complete-step-up";
import { verifyPasskeyAssertion } from "./passkey-assertion";
import { relyingParty } from "./relying-party";

/** Options for navigator.credentials.get(): this account's passkeys only, user verification required. */
export async function passkeyStepUpOptions(session: ActiveSession) {
  const passkeys = await db.passkey.findMany({ where: { userId: session.userId }, select: { credentialId: true, transports: true } });
  if (passkeys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    userVerification: "required",
  });
  await startCeremony("passkey-step-up", session, options.challenge);
  return options;
}

export type PasskeyStepUpResult = { ok: true } | { ok: false; code: "expired" | "unknown-passkey" | "not-verified" };

/**
 * Checks the assertion against this account's own passkey (a passkey of another account
 * proves nothing here) and rotates the session. The ceremony is bound to the session, so
 * it dies with the rotation: one assertion, one step-up.
 */
export async function finishPasskeyStepUp(
  session: ActiveSession,
  response: AuthenticationResponseJSON,
  facts: RequestFacts,
  policy: string | null,
): Promise<PasskeyStepUpResult> {
  const ceremony = await readCeremony("passkey-step-up", session);
  await endCeremony("passkey-step-up");
  if (!ceremony) return { ok: false, code: "expired" };
  const passkey = await db.passkey.findFirst({ where: { credentialId: String(response.id), userId: session.userId } });
  if (!passkey) {
    await recordStepUpFailure(session, "passkey", "unknown passkey", facts, policy);
    return { ok: false, code: "unknown-passkey" };
  }
  if (!(await verifyPasskeyAssertion(passkey, response, ceremony.challenge))) {
    await recordStepUpFailure(session, "passkey", "assertion not verified", facts, policy);
    return { ok: false, code: "not-verified" };
  }
  // A passkey is the strong proof that switches codes back on after a streak of wrong ones.
  await clearStreaks(db, [streakKey.signInCode(session.user.email), streakKey.stepUpCode(session.userId)]);
  await completeStepUp(session, "passkey", facts, policy);
  return { ok: true };
}
