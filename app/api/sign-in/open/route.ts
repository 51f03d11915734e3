import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { jsonError, jsonOk, readSmallJson, refusedOrigin } from "@/lib/request/responses";
import { openLink } from "@/lib/magic-link/link/open-link";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

export const POST = answeringOutagesWith503(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  if (!body || typeof body.attemptId !== "string" || typeof body.token !== "string") {
    return jsonError(400, "bad-request", "This link is incomplete. Open it straight from the email.");
  }
  const view = await openLink(body.attemptId, body.token, await readRequestFacts("POST"));
  if (view.state === "failed") assessRiskAfterResponse(body.attemptId);
  return jsonOk({ view });
});
