"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeOtherSessions, revokeSession } from "@/lib/account/sessions";
import type { ActionFailure } from "@/lib/errors/action-result";
import { redirectingAction } from "@/lib/request/action";
import { stepUpGate } from "@/lib/request/gates";

/**
 * Form actions (they work without JavaScript): a refusal leads to sign-in or the step-up
 * screen. Signing out one other session is as sensitive as signing out all of them (it can
 * end the owner's session from a stolen one), so both need sessions.revokeOthers.
 */
const gate = stepUpGate("sessions.revokeOthers", "/account#sessions");
const refused = (failure: ActionFailure) => failure.stepUpUrl ?? (failure.code === "signed-out" ? "/signin" : "/account");

export const revokeSessionAction = redirectingAction(
  { gate, schema: z.object({ sessionId: z.string().min(1).max(40) }), refused },
  async ({ sessionId }, { session, facts }) => {
    await revokeSession(session, sessionId, facts);
    revalidatePath("/account");
  },
);

export const revokeOtherSessionsAction = redirectingAction({ gate, refused }, async (_input, { session, facts }) => {
  await revokeOtherSessions(session, facts);
  revalidatePath("/account");
});
