"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { formAction, redirectingAction, type Done } from "@/lib/request/action";
import { sameOriginGate } from "@/lib/request/gates";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";

/** The address is checked by submitSignInRequest, which gives the sentences for each mistake. */
const input = z.object({ email: z.unknown().optional(), callbackUrl: z.unknown().optional() });

export const requestSignInAction = formAction(
  { gate: sameOriginGate(userMessage("signIn", "form-origin")), schema: input },
  async ({ email, callbackUrl }): Promise<Done<never>> => {
    const result = await submitSignInRequest(email, callbackUrl);
    if (!result.ok)
      throw new AppError("invalid-email", result.message, {
        extra: { values: { email: typeof email === "string" ? email.slice(0, 254) : "" } },
      });
    redirect("/signin/check-email");
  },
);

/**
 * "Send a new email" on the waiting page: the same request again for the address this tab
 * waits on (from its sealed cookie, never from the form), through the same checks and limits,
 * so it supersedes this browser's earlier link and answers like any request.
 */
export const resendSignInAction = redirectingAction({ gate: sameOriginGate(), refused: () => "/signin" }, async () => {
  const pending = await readPendingAttempt();
  if (!pending) redirect("/signin");
  const result = await submitSignInRequest(pending.email, undefined);
  if (!result.ok) redirect("/signin");
  redirect("/signin/check-email");
});
