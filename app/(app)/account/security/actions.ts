"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { removePasskey, removeTotp, renamePasskey } from "@/lib/account/factors";
import { AppError } from "@/lib/errors/app-error";
import { action, done } from "@/lib/request/action";
import { signedInGate, stepUpGate } from "@/lib/request/gates";
import { completeStepUp } from "@/lib/step-up/complete-step-up";
import { confirmTotpEnrolment, enrolledTotpInThisSession, startTotpEnrolment } from "@/lib/step-up/totp-enrolment";

const passkeyId = z.string().min(1).max(40);
const renameInput = z.object({
  passkeyId,
  name: z.string().trim().min(1, "Give the passkey a name.").max(60, "Keep the name under 60 characters."),
});
const codeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{3}\s?\d{3}$/, "Enter the 6‑digit code from your app."),
});

const manageFactors = stepUpGate("account.manageFactors", "/account/security");
const passkeyGone = () => new AppError("not-found", AppError.of("factors", "passkey-gone").userMessage);

export const renamePasskeyAction = action({ gate: signedInGate(), schema: renameInput }, async ({ passkeyId, name }, { session }) => {
  if (!(await renamePasskey(session.userId, passkeyId, name))) throw passkeyGone();
  revalidatePath("/account/security");
  return done();
});

export const removePasskeyAction = action(
  { gate: manageFactors, schema: z.object({ passkeyId }), invalid: passkeyGone() },
  async ({ passkeyId }, { session, facts }) => {
    if (!(await removePasskey(session, passkeyId, facts))) throw passkeyGone();
    revalidatePath("/account/security");
    return done();
  },
);

/** The secret and its QR code go to this response only: they are shown once. */
export const startTotpEnrolmentAction = action({ gate: manageFactors }, async (_input, { session }) => {
  const started = await startTotpEnrolment(session);
  if (!started.ok) throw new AppError(started.code, AppError.of("factors", "totp-exists").userMessage);
  return done({ secret: started.secret, qrDataUrl: started.qrDataUrl });
});

/**
 * Confirms the app with one code; the ten recovery codes come back once. The policy was
 * checked when the secret was made, and an unconfirmed secret lives ten minutes, so a slow
 * phone setup is not cut short by the five-minute step-up window.
 */
export const confirmTotpEnrolmentAction = action({ gate: signedInGate(), schema: codeInput }, async ({ code }, { session, facts }) => {
  const result = await confirmTotpEnrolment(session, code, facts);
  if (!result.ok) throw AppError.of("totpConfirm", result.code);
  // No revalidation here: a refresh would replace the panel showing the recovery codes
  // before the person saved them. The panel refreshes the page when they are done.
  return done({ recoveryCodes: result.recoveryCodes });
});

/**
 * "I have saved them": the right code that turned the app on was itself a TOTP proof, so the
 * session steps up now (new session id) and is not asked for another code right after. Not in
 * confirm: rotating the cookie there would refresh the page over the recovery codes.
 */
export const finishTotpEnrolmentAction = action({ gate: signedInGate() }, async (_input, { session, facts }) => {
  if (await enrolledTotpInThisSession(session)) await completeStepUp(session, "totp", facts, "account.manageFactors");
  return done();
});

export const removeTotpAction = action({ gate: manageFactors }, async (_input, { session, facts }) => {
  await removeTotp(session, facts);
  revalidatePath("/account/security");
  return done();
});
