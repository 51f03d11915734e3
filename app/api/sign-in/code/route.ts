import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { readSmallForm } from "@/lib/request/request-body";
import { enterCode } from "@/lib/magic-link/code/enter-code";
import { enterDecoyCode } from "@/lib/magic-link/request/decoy-attempt";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const form = await readSmallForm(request);
  const code = (form?.get("code") ?? "").replace(/\s+/g, "");
  const pending = await readPendingAttempt();
  const facts = await readRequestFacts("POST");
  if (!/^\d{6}$/.test(code)) return seeOther("/signin/check-email?error=wrong-code");
  if (!pending || !facts.deviceHash) return seeOther("/signin/check-email?error=other-browser");
  const result = pending.decoy
    ? await enterDecoyCode(pending, facts)
    : await enterCode(pending.attemptId, code, { ...facts, deviceHash: facts.deviceHash });
  if (!pending.decoy) assessRiskAfterResponse(pending.attemptId);
  if (result.ok) return seeOther(result.redirectTo);
  return seeOther(`/signin/check-email?error=${result.reason}&left=${result.triesLeft}`);
});
