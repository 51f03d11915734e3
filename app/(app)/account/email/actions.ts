"use server";

import { z } from "zod";
import { failed, refused, type ActionResult } from "@/lib/account/action-result";
import { confirmEmailChange } from "@/lib/account/confirm-email-change";
import type { RevertProof } from "@/lib/account/check-revert-proof";
import { EMAIL_CHANGE_MESSAGES, REVERT_PROOF_MESSAGES } from "@/lib/account/email-change-error";
import type { RevertProofMethod } from "@/lib/account/revert-proof";
import { requestEmailChange } from "@/lib/account/request-email-change";
import { revertEmailChange } from "@/lib/account/revert-email-change";
import { getCurrentSession } from "@/lib/auth/current-session";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestHasSameOrigin } from "@/lib/request/same-origin";
import { assertStepUp } from "@/lib/step-up/assert-step-up";

/** Needs account.changeEmail however it is called: from the page or posted directly. */
export async function requestEmailChangeAction(input: unknown): Promise<ActionResult<{ newEmail: string }>> {
  const gate = await assertStepUp("account.changeEmail", { returnTo: "/account/email" });
  if (!gate.ok) return refused(gate);
  const email = z.object({ email: z.string().max(1_000) }).safeParse(input);
  if (!email.success) return failed("invalid-email", "Enter an email address.");
  const result = await requestEmailChange(gate.session, email.data.email, gate.facts);
  return result.ok ? { ok: true, data: { newEmail: result.newEmail } } : failed(result.code, result.message);
}

const linkInput = z.object({ changeId: z.string().min(1).max(40), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** The link's secret is the permission here; the session, if any, only decides which session survives. */
export async function confirmEmailChangeAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  if (!(await requestHasSameOrigin())) return failed("bad-origin", "This request must come from a page of this site.");
  const parsed = linkInput.safeParse(input);
  if (!parsed.success) return failed("invalid-link", EMAIL_CHANGE_MESSAGES["invalid-link"]);
  const result = await confirmEmailChange(parsed.data.changeId, parsed.data.token, await getCurrentSession(), await readRequestFacts("POST"));
  return result.ok ? { ok: true, data: { email: result.email } } : failed(result.code, EMAIL_CHANGE_MESSAGES[result.code]);
}

const proofInput = z.discriminatedUnion("method", [
  z.object({ method: z.enum(["totp", "recovery-code"]), code: z.string().min(1).max(64) }),
  // The assertion's shape is checked by the WebAuthn verification itself.
  z.object({ method: z.literal("passkey"), response: z.object({ id: z.string().max(1_000) }).passthrough() }),
]);

export type RevertActionResult = ActionResult<{ email: string; review: string[] }> | { ok: false; code: string; message: string; methods: RevertProofMethod[] };

/** The undo link's secret, and, when the account had a factor before the change, proof of that factor. */
export async function revertEmailChangeAction(input: unknown): Promise<RevertActionResult> {
  if (!(await requestHasSameOrigin())) return failed("bad-origin", "This request must come from a page of this site.");
  const parsed = linkInput.extend({ proof: proofInput.optional() }).safeParse(input);
  if (!parsed.success) return failed("invalid-link", EMAIL_CHANGE_MESSAGES["invalid-link"]);
  const { changeId, token, proof } = parsed.data;
  const result = await revertEmailChange(changeId, token, await readRequestFacts("POST"), (proof ?? null) as RevertProof | null);
  if (result.ok) return { ok: true, data: { email: result.email, review: result.review } };
  if ("methods" in result) return { ok: false, code: result.code, message: REVERT_PROOF_MESSAGES[result.code], methods: result.methods };
  return failed(result.code, EMAIL_CHANGE_MESSAGES[result.code]);
}
