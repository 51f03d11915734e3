import "server-only";
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import type { ActiveSession } from "../auth/session-store";
import { describeDevice } from "../request/device-description";
import type { RequestFacts } from "../request/request-facts";
import { kickOutbox } from "../mail/outbox-worker";
import { logEvent } from "../log";
import { claimOnce, endCeremony, readCeremony, startCeremony } from "./ceremony";
import { recordFactorChange } from "./factor-change-events";
import { relyingParty } from "./relying-party";

export const PASSKEY_NAME_MAX = 60;

/**
 * Options for navigator.credentials.create(). The caller has already checked the
 * account.manageFactors policy; the ceremony cookie carries that permission to the second
 * half for five minutes.
 */
export async function passkeyRegistrationOptions(session: ActiveSession) {
  const rp = relyingParty();
  const existing = await db.passkey.findMany({ where: { userId: session.userId }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: session.user.email,
    // An opaque, stable handle: the account id, never the email address.
    userID: new TextEncoder().encode(session.userId),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    // Discoverable, so it can sign in from /signin without an address first (lib/passkey-sign-in).
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await startCeremony("passkey-registration", session, options.challenge);
  return options;
}

export type RegistrationResult =
  { ok: true; id: string; name: string } | { ok: false; code: "expired" | "not-verified" | "already-registered" };

export async function finishPasskeyRegistration(
  session: ActiveSession,
  response: RegistrationResponseJSON,
  requestedName: string,
  facts: RequestFacts,
): Promise<RegistrationResult> {
  const ceremony = await readCeremony("passkey-registration", session);
  await endCeremony("passkey-registration");
  if (!ceremony || !(await claimOnce(ceremony))) return { ok: false, code: "expired" };
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    logEvent("warn", "passkey.registration_rejected", { message: error instanceof Error ? error.message : String(error) });
    return { ok: false, code: "not-verified" };
  }
  if (!verification.verified) return { ok: false, code: "not-verified" };

  const { credential } = verification.registrationInfo;
  const name = requestedName.trim().slice(0, PASSKEY_NAME_MAX) || `Passkey on ${describeDevice(facts.userAgent).label}`;
  if (await db.passkey.findUnique({ where: { credentialId: credential.id }, select: { id: true } }))
    return { ok: false, code: "already-registered" };
  const passkey = await db.$transaction(async (tx) => {
    const created = await tx.passkey.create({
      data: {
        userId: session.userId,
        credentialId: credential.id,
        publicKey: new Uint8Array(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        name,
      },
    });
    await recordFactorChange(
      tx,
      { userId: session.userId, email: session.user.email, sessionHash: session.tokenHash },
      { event: "factor.added", factor: "passkey", name },
      facts,
    );
    return created;
  });
  kickOutbox();
  return { ok: true, id: passkey.id, name };
}
