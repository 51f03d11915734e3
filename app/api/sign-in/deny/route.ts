import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { reportUnrequestedSignIn } from "@/lib/magic-link/cross-device/approve-other-device";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

/** "I did not request this" from the device holding the link: cancels, tells the owner, alerts. */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const body = await readSmallJson(request);
  if (!body || typeof body.attemptId !== "string" || typeof body.token !== "string") {
    return jsonError(400, "bad-request", "This link is incomplete. Open it straight from the email.");
  }
  return jsonOk(await reportUnrequestedSignIn(body.attemptId, body.token, await readRequestFacts("POST")));
});
