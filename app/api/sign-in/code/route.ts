import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { cookies } from "next/headers";
import { cookieNames } from "@/lib/auth/cookie-names";
import { readSmallForm, refusedOrigin, seeOther } from "@/lib/request/responses";
import { enterCode } from "@/lib/magic-link/code/enter-code";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

export const POST = answeringOutagesWith503(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const form = await readSmallForm(request);
  const code = (form?.get("code") ?? "").replace(/\s+/g, "");
  const attemptId = (await cookies()).get(cookieNames.pendingAttempt())?.value;
  const facts = await readRequestFacts("POST");
  if (!/^\d{6}$/.test(code)) return seeOther("/signin/check-email?error=wrong-code");
  if (!attemptId || !facts.deviceHash) return seeOther("/signin/check-email?error=other-browser");
  const result = await enterCode(attemptId, code, { ...facts, deviceHash: facts.deviceHash });
  assessRiskAfterResponse(attemptId);
  if (result.ok) return seeOther(result.redirectTo);
  return seeOther(`/signin/check-email?error=${result.reason}&left=${result.triesLeft}`);
});
