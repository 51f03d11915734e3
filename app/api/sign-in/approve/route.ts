import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { parseTypedApprovalNumber } from "@/lib/magic-link/cross-device/approval-challenge";
import { approveOtherDevice } from "@/lib/magic-link/cross-device/approve-other-device";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  const typed = parseTypedApprovalNumber(body?.number);
  if (!body || typeof body.attemptId !== "string" || typeof body.token !== "string" || typed === null) {
    return jsonError(400, "bad-request", "Type the two-digit number the other device shows.");
  }
  const result = await approveOtherDevice(body.attemptId, body.token, typed, await readRequestFacts("POST"));
  if (result.approved || result.reason !== "not-found") assessRiskAfterResponse(body.attemptId);
  return jsonOk(result);
});
