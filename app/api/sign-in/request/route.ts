import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

/** JSON twin of the sign-in form, for scripts and clients without the React form. */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  if (!body) return jsonError(400, "bad-request", 'Send JSON like {"email": "you@example.com"}.');
  const result = await submitSignInRequest(body.email, body.callbackUrl);
  if (!result.ok) return jsonError(400, "invalid-email", result.message);
  assessRiskAfterResponse(result.attemptId);
  return jsonOk({ message: "If that address can sign in, a link and a code are on their way." });
});
