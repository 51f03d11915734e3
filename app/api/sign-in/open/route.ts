import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { openLink } from "@/lib/magic-link/link/open-link";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  if (!body || typeof body.attemptId !== "string" || typeof body.token !== "string") {
    return jsonError(400, "bad-request", "This link is incomplete. Open it straight from the email.");
  }
  const view = await openLink(body.attemptId, body.token, await readRequestFacts("POST"));
  // Scored only when the link was real: junk ids must not crowd real sign-ins out of the queue.
  if (view.state === "failed" && view.reason !== "not-found") assessRiskAfterResponse(body.attemptId);
  return jsonOk({ view });
});
