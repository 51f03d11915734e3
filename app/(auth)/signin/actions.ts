"use server";

import { redirect } from "next/navigation";
import { requestHasSameOrigin } from "@/lib/request/same-origin";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";

export interface SignInFormState {
  message?: string;
  email?: string;
}

export async function requestSignInAction(_previous: SignInFormState, formData: FormData): Promise<SignInFormState> {
  const rawEmail = formData.get("email");
  const echo = typeof rawEmail === "string" ? rawEmail.slice(0, 254) : "";
  if (!(await requestHasSameOrigin())) {
    return { message: "This form must be sent from this site. Reload the page and try again.", email: echo };
  }
  const result = await submitSignInRequest(rawEmail, formData.get("callbackUrl"));
  if (!result.ok) return { message: result.message, email: echo };
  assessRiskAfterResponse(result.attemptId);
  redirect("/signin/check-email");
}

/**
 * "Send a new email" on the waiting page: the same request again for the address this tab
 * waits on (from its sealed cookie, never from the form), through the same checks and limits,
 * so it supersedes this browser's earlier link and answers like any request.
 */
export async function resendSignInAction(): Promise<void> {
  if (!(await requestHasSameOrigin())) redirect("/signin");
  const pending = await readPendingAttempt();
  if (!pending) redirect("/signin");
  const result = await submitSignInRequest(pending.email, undefined);
  if (!result.ok) redirect("/signin");
  assessRiskAfterResponse(result.attemptId);
  redirect("/signin/check-email");
}
