"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { revokeOtherSessions, revokeSession } from "@/lib/account/sessions";
import { assertStepUp } from "@/lib/step-up/assert-step-up";

/**
 * Form actions (they work without JavaScript): a refusal leads to sign-in or the step-up
 * screen. Signing out one other session is as sensitive as signing out all of them (it can
 * end the owner's session from a stolen one), so both need sessions.revokeOthers.
 */
export async function revokeSessionAction(formData: FormData): Promise<void> {
  const gate = await assertStepUp("sessions.revokeOthers", { returnTo: "/account#sessions" });
  if (!gate.ok) redirect(gate.stepUpUrl ?? (gate.code === "signed-out" ? "/signin" : "/account"));
  const sessionId = z.string().min(1).max(40).safeParse(formData.get("sessionId"));
  if (sessionId.success) await revokeSession(gate.session, sessionId.data, gate.facts);
  revalidatePath("/account");
}

export async function revokeOtherSessionsAction(): Promise<void> {
  const gate = await assertStepUp("sessions.revokeOthers", { returnTo: "/account#sessions" });
  if (!gate.ok) redirect(gate.stepUpUrl ?? (gate.code === "signed-out" ? "/signin" : "/account"));
  await revokeOtherSessions(gate.session, gate.facts);
  revalidatePath("/account");
}
