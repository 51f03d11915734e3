import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { readSmallForm } from "@/lib/request/request-body";
import { redeemLink } from "@/lib/magic-link/redeem/redeem";
import { ensureDeviceBinding, readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

/** The explicit POST that redeems a link; answers 303 to Auth.js's callback or to the failure page. */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const form = await readSmallForm(request);
  const attemptId = form?.get("attemptId");
  const token = form?.get("token");
  if (!form || !attemptId || !token) return seeOther("/signin/failed?reason=not-found");
  const deviceHash = await ensureDeviceBinding();
  const facts = { ...(await readRequestFacts("POST")), deviceHash };
  const result = await redeemLink(attemptId, token, form.get("confirmOtherDevice") === "yes", facts);
  if (result.ok || result.reason !== "not-found") assessRiskAfterResponse(attemptId);
  return seeOther(result.ok ? result.redirectTo : `/signin/failed?reason=${result.reason}`);
});
