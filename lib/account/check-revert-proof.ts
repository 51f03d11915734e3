import "server-only";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { endStreak, extendStreak, streakKey } from "../rate-limit/code-failure-streak";
import { reserveGuess } from "../rate-limit/guess-budget";
import type { RequestFacts } from "../request/request-facts";
import { keyedHash } from "../security/secrets";
import { endCeremony, readCeremony, startCeremony, type CeremonyOwner } from "../step-up/ceremony";
import { spendTotpCode } from "../step-up/code-step-up";
import { spendRecoveryCode } from "../step-up/recovery-codes";
import { verifyPasskeyAssertion } from "../step-up/passkey-assertion";
import { relyingParty } from "../step-up/relying-party";
import { passkeysBefore, type AccountFactors, type RevertProofMethod } from "./revert-proof";

export type RevertProof = { method: "totp" | "recovery-code"; code: string } | { method: "passkey"; response: AuthenticationResponseJSON };

export type RevertProofRefusal = "wrong-code" | "paused" | "codes-locked" | "unavailable" | "passkey-expired" | "passkey-refused";

/** The undo being proven, as far as proving it needs. */
export interface RevertSubject {
  changeId: string;
  userId: string;
  email: string;
  changedAt: Date;
  factors: AccountFactors;
}

export async function loadAccountFactors(userId: string): Promise<AccountFactors> {
  const [totp, recoveryCodes, passkeys] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    db.passkey.findMany({ where: { userId }, select: { id: true, name: true, createdAt: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { totpConfirmedAt: totp?.confirmedAt ?? null, hasUnusedRecoveryCodes: recoveryCodes > 0, passkeys };
}

/** A passkey ceremony for an undo belongs to the change, since there is no session to bind it to. */
function ceremonyOwner(subject: Pick<RevertSubject, "changeId" | "userId">): CeremonyOwner {
  return { userId: subject.userId, tokenHash: keyedHash("email-change", `undo-ceremony:${subject.changeId}`) };
}

/** WebAuthn options for an undo: only passkeys that existed before the change may answer. */
export async function revertPasskeyOptions(subject: RevertSubject) {
  const allowed = passkeysBefore(subject.factors, subject.changedAt);
  if (allowed.length === 0) return null;
  const credentials = await db.passkey.findMany({
    where: { id: { in: allowed.map((passkey) => passkey.id) } },
    select: { credentialId: true, transports: true },
  });
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: credentials.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    userVerification: "required",
  });
  await startCeremony("email-change-revert", ceremonyOwner(subject), options.challenge);
  return options;
}

/**
 * Checks the factor that proves an undo. Typed codes spend the same budgets as a step-up
 * code (the account's, the network's, the service's and the streak of wrong codes) before
 * they are compared, so the undo page is no side door for guessing the authenticator app.
 */
export async function checkRevertProof(
  subject: RevertSubject,
  methods: RevertProofMethod[],
  proof: RevertProof,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; code: RevertProofRefusal }> {
  if (!methods.includes(proof.method)) return refuse(subject, proof.method, "factor not usable for this undo", facts, "wrong-code");
  if (proof.method === "passkey") return checkPasskey(subject, proof.response, facts);

  const budget = await reserveGuess("step-up-code", { email: subject.email, userId: subject.userId }, facts.ip);
  if (!budget.ok)
    return refuse(
      subject,
      proof.method,
      budget.storeFailed ? "code budget unavailable" : `code entry paused (${budget.by} budget)`,
      facts,
      budget.storeFailed ? "unavailable" : "paused",
    );
  const key = streakKey.stepUpCode(subject.userId);
  if ((await extendStreak(key, readEnv().CODE_FAILURES_IN_A_ROW_MAX, now)) === null) {
    await budget.refund();
    return refuse(subject, proof.method, "codes switched off after too many wrong codes in a row", facts, "codes-locked");
  }
  const right =
    proof.method === "totp"
      ? await spendTotp(subject.userId, proof.code, now)
      : await spendRecoveryCode({ userId: subject.userId, email: subject.email, sessionHash: null }, proof.code, facts, now);
  if (!right) return refuse(subject, proof.method, "wrong code", facts, "wrong-code");
  await Promise.all([budget.refund(), endStreak(db, key)]);
  return { ok: true };
}

async function spendTotp(userId: string, code: string, now: Date): Promise<boolean> {
  const factor = await db.totpFactor.findUnique({ where: { userId } });
  return factor?.confirmedAt ? spendTotpCode(factor, code, now) : false;
}

async function checkPasskey(
  subject: RevertSubject,
  response: AuthenticationResponseJSON,
  facts: RequestFacts,
): Promise<{ ok: true } | { ok: false; code: RevertProofRefusal }> {
  const owner = ceremonyOwner(subject);
  const ceremony = await readCeremony("email-change-revert", owner);
  await endCeremony("email-change-revert");
  if (!ceremony) return refuse(subject, "passkey", "passkey ceremony expired", facts, "passkey-expired");
  const allowed = new Set(passkeysBefore(subject.factors, subject.changedAt).map((passkey) => passkey.id));
  const passkey = await db.passkey.findFirst({ where: { credentialId: String(response.id), userId: subject.userId } });
  if (!passkey || !allowed.has(passkey.id)) return refuse(subject, "passkey", "passkey not usable for this undo", facts, "passkey-refused");
  const verified = await verifyPasskeyAssertion(passkey, response, ceremony.challenge);
  return verified ? { ok: true } : refuse(subject, "passkey", "assertion not verified", facts, "passkey-refused");
}

async function refuse(
  subject: RevertSubject,
  method: RevertProof["method"],
  reason: string,
  facts: RequestFacts,
  code: RevertProofRefusal,
) {
  await recordEvents(db, [
    {
      type: "stepup.failed",
      userId: subject.userId,
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
      outcome: "failure",
      reason,
      details: { method, policy: "email.revert", changeId: subject.changeId },
    },
  ]);
  return { ok: false as const, code };
}
