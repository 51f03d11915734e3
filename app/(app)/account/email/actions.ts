"use server";

import { z } from "zod";
import { confirmEmailChange } from "@/lib/account/confirm-email-change";
import type { RevertProof } from "@/lib/account/check-revert-proof";
import type { RevertProofMethod } from "@/lib/account/revert-proof";
import { requestEmailChange } from "@/lib/account/request-email-change";
import { revertEmailChange } from "@/lib/account/revert-email-change";
import { getCurrentSession } from "@/lib/auth/current-session";
import type { ActionFailure, ActionResult } from "@/lib/errors/action-result";
import { AppError } from "@/lib/errors/app-error";
import { action, done } from "@/lib/request/action";
import { sameOriginGate, stepUpGate } from "@/lib/request/gates";
import { readRequestFacts } from "@/lib/request/request-facts";

/** Needs account.changeEmail however it is called: from the page or posted directly. */
export const requestEmailChangeAction = action(
  {
    gate: stepUpGate("account.changeEmail", "/account/email"),
    schema: z.object({ email: z.string().max(1_000) }),
    invalid: AppError.of("emailChange", "invalid-email"),
  },
  async ({ email }, { session, facts }) => {
    const result = await requestEmailChange(session, email, facts);
    if (!result.ok) throw new AppError(result.code, result.message);
    return done({ newEmail: result.newEmail });
  },
);

const linkInput = z.object({ changeId: z.string().min(1).max(40), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const invalidLink = AppError.of("emailChange", "invalid-link");

/** The link's secret is the permission here; the session, if any, only decides which session survives. */
export const confirmEmailChangeAction = action(
  { gate: sameOriginGate(), schema: linkInput, invalid: invalidLink },
  async ({ changeId, token }) => {
    const result = await confirmEmailChange(changeId, token, await getCurrentSession(), await readRequestFacts("POST"));
    if (!result.ok) throw AppError.of("emailChange", result.code);
    return done({ email: result.email });
  },
);

const proofInput = z.discriminatedUnion("method", [
  z.object({ method: z.enum(["totp", "recovery-code"]), code: z.string().min(1).max(64) }),
  // The assertion's shape is checked by the WebAuthn verification itself.
  z.object({ method: z.literal("passkey"), response: z.object({ id: z.string().max(1_000) }).passthrough() }),
]);

export type RevertActionResult = ActionResult<{ email: string; review: string[] }> | (ActionFailure & { methods: RevertProofMethod[] });

/** The undo link's secret, and, when the account had a factor before the change, proof of that factor. */
export const revertEmailChangeAction: (input: unknown) => Promise<RevertActionResult> = action(
  { gate: sameOriginGate(), schema: linkInput.extend({ proof: proofInput.optional() }), invalid: invalidLink },
  async ({ changeId, token, proof }) => {
    const result = await revertEmailChange(changeId, token, await readRequestFacts("POST"), (proof ?? null) as RevertProof | null);
    if (result.ok) return done({ email: result.email, review: result.review });
    if ("methods" in result) throw AppError.of("revertProof", result.code, { extra: { methods: result.methods } });
    throw AppError.of("emailChange", result.code);
  },
);
