import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { cookies } from "next/headers";
import { cookieNames } from "@/lib/auth/cookie-names";
import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { finishApprovedSignIn } from "@/lib/magic-link/redeem/redeem";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

/** The requesting tab completes a sign-in another device approved; its binding cookie proves it is that tab's browser. */
export const POST = answeringOutagesWith503(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const attemptId = (await cookies()).get(cookieNames.pendingAttempt())?.value;
  const facts = await readRequestFacts("POST");
  if (!attemptId || !facts.deviceHash) return seeOther("/signin/failed?reason=other-browser");
  const result = await finishApprovedSignIn(attemptId, { ...facts, deviceHash: facts.deviceHash });
  assessRiskAfterResponse(attemptId);
  return seeOther(result.ok ? result.redirectTo : `/signin/failed?reason=${result.reason}`);
});
