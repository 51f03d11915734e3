import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { readSmallForm } from "@/lib/request/request-body";
import { loadAttemptWithToken } from "@/lib/magic-link/load-attempt";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

/** "Send me a new link" from a failure page: a fresh request for the same address, through the same limits. */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const form = await readSmallForm(request);
  const attempt = await loadAttemptWithToken(form?.get("attemptId") ?? "", form?.get("token") ?? "");
  if (!attempt) return seeOther("/signin");
  await submitSignInRequest(attempt.email, attempt.callbackPath);
  return seeOther("/signin/check-email");
});
