"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { failed, refused, type ActionResult } from "@/lib/account/action-result";
import { removePasskey, removeTotp, renamePasskey } from "@/lib/account/factors";
import { assertSignedInChange, assertStepUp } from "@/lib/step-up/assert-step-up";
import { completeStepUp } from "@/lib/step-up/complete-step-up";
import { confirmTotpEnrolment, enrolledTotpInThisSession, startTotpEnrolment } from "@/lib/step-up/totp-enrolment";

const passkeyId = z.string().min(1).max(40);
const renameInput = z.object({ passkeyId, name: z.string().trim().min(1, "Give the passkey a name.").max(60, "Keep the name under 60 characters.") });
const codeInput = z.object({ code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6‑digit code from your app.") });

const manageFactors = () => assertStepUp("account.manageFactors", { returnTo: "/account/security" });

export async function renamePasskeyAction(input: unknown): Promise<ActionResult> {
  const gate = await assertSignedInChange();
  if (!gate.ok) return refused(gate);
  const parsed = renameInput.safeParse(input);
  if (!parsed.success) return failed("invalid", parsed.error.issues[0].message);
  if (!(await renamePasskey(gate.session.userId, parsed.data.passkeyId, parsed.data.name))) return failed("not-found", "That passkey is gone.");
  revalidatePath("/account/security");
  return { ok: true, data: null };
}

export async function removePasskeyAction(input: unknown): Promise<ActionResult> {
  const gate = await manageFactors();
  if (!gate.ok) return refused(gate);
  const parsed = z.object({ passkeyId }).safeParse(input);
  if (!parsed.success || !(await removePasskey(gate.session, parsed.data.passkeyId, gate.facts))) return failed("not-found", "That passkey is gone.");
  revalidatePath("/account/security");
  return { ok: true, data: null };
}

/** The secret and its QR code go to this response only: they are shown once. */
export async function startTotpEnrolmentAction(): Promise<ActionResult<{ secret: string; qrDataUrl: string }>> {
  const gate = await manageFactors();
  if (!gate.ok) return refused(gate);
  const started = await startTotpEnrolment(gate.session);
  if (!started.ok) return failed(started.code, "An authenticator app is already set up. Remove it first to set up another.");
  return { ok: true, data: { secret: started.secret, qrDataUrl: started.qrDataUrl } };
}

const CONFIRM_MESSAGES = {
  expired: "Setup took too long. Start again.",
  "wrong-code": "That code is not right. Check the time on your phone and try the newest code.",
} as const;

/**
 * Confirms the app with one code; the ten recovery codes come back once. The policy was
 * checked when the secret was made, and an unconfirmed secret lives ten minutes, so a slow
 * phone setup is not cut short by the five-minute step-up window.
 */
export async function confirmTotpEnrolmentAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  const gate = await assertSignedInChange();
  if (!gate.ok) return refused(gate);
  const parsed = codeInput.safeParse(input);
  if (!parsed.success) return failed("invalid", parsed.error.issues[0].message);
  const result = await confirmTotpEnrolment(gate.session, parsed.data.code, gate.facts);
  if (!result.ok) return failed(result.code, CONFIRM_MESSAGES[result.code]);
  // No revalidation here: a refresh would replace the panel showing the recovery codes
  // before the person saved them. The panel refreshes the page when they are done.
  return { ok: true, data: { recoveryCodes: result.recoveryCodes } };
}

/**
 * "I have saved them": the right code that turned the app on was itself a TOTP proof, so the
 * session steps up now (new session id) and is not asked for another code right after. Not in
 * confirm: rotating the cookie there would refresh the page over the recovery codes.
 */
export async function finishTotpEnrolmentAction(): Promise<ActionResult> {
  const gate = await assertSignedInChange();
  if (!gate.ok) return refused(gate);
  if (await enrolledTotpInThisSession(gate.session)) await completeStepUp(gate.session, "totp", gate.facts, "account.manageFactors");
  return { ok: true, data: null };
}

export async function removeTotpAction(): Promise<ActionResult> {
  const gate = await manageFactors();
  if (!gate.ok) return refused(gate);
  await removeTotp(gate.session, gate.facts);
  revalidatePath("/account/security");
  return { ok: true, data: null };
}
