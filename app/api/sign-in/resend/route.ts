import { readSmallForm, refusedOrigin, seeOther } from "@/lib/request/responses";
import { loadAttemptWithToken } from "@/lib/magic-link/load-attempt";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

/** "Send me a new link" from a failure page: a fresh request for the same address, through the same limits. */
export const POST = answeringOutagesWith503(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const form = await readSmallForm(request);
  const attempt = await loadAttemptWithToken(form?.get("attemptId") ?? "", form?.get("token") ?? "");
  if (!attempt) return seeOther("/signin");
  await submitSignInRequest(attempt.email, attempt.callbackPath);
  return seeOther("/signin/check-email");
});
