import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { jsonError, jsonOk, readSmallJson, refusedOrigin } from "@/lib/request/responses";
import { approveOtherDevice } from "@/lib/magic-link/cross-device/approve-other-device";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

export const POST = answeringOutagesWith503(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  if (!body || typeof body.attemptId !== "string" || typeof body.token !== "string" || !Number.isInteger(body.number)) {
    return jsonError(400, "bad-request", "Pick one of the numbers shown.");
  }
  const result = await approveOtherDevice(body.attemptId, body.token, body.number as number, await readRequestFacts("POST"));
  assessRiskAfterResponse(body.attemptId);
  return jsonOk(result);
});
