import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { PASSKEY_SIGN_IN_MESSAGES } from "@/lib/passkey-sign-in/passkey-sign-in-messages";
import { finishPasskeySignIn } from "@/lib/passkey-sign-in/passkey-sign-in";
import { reservePasskeySignIn } from "@/lib/rate-limit/passkey-sign-in-limits";
import { readSmallJson } from "@/lib/request/request-body";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

const body = z.object({
  response: z.looseObject({
    id: z.string().min(1).max(1_400),
    type: z.literal("public-key"),
    response: z.looseObject({ userHandle: z.string().max(200).optional() }),
  }),
  callbackUrl: z.string().max(512).optional(),
});

/**
 * Second half: checks the passkey's answer against the challenge this browser was given and,
 * if it signs someone in, says where to go: Auth.js's callback, which creates the session.
 */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const parsed = body.safeParse(await readSmallJson(request, 16_384));
  if (!parsed.success) return jsonError(400, "bad-request", "The passkey response could not be read. Reload the page and try again.");
  const facts = await readRequestFacts("POST");
  // No binding cookie: this browser was never given a challenge.
  if (!facts.deviceHash) return jsonError(400, "expired", PASSKEY_SIGN_IN_MESSAGES.expired);
  const budget = await reservePasskeySignIn(facts.ip, facts.deviceHash);
  if (!budget.ok) {
    return Response.json(
      { ok: false, code: "rate-limited", message: "Too many passkey sign-ins from here. Wait a few minutes, or get an email link instead." },
      { status: 429, headers: { "Cache-Control": "no-store", "Retry-After": String(budget.retryAfterSeconds) } },
    );
  }
  const result = await finishPasskeySignIn(parsed.data.response as unknown as AuthenticationResponseJSON, parsed.data.callbackUrl, { ...facts, deviceHash: facts.deviceHash });
  if (!result.ok) return jsonError(400, result.answer, PASSKEY_SIGN_IN_MESSAGES[result.answer]);
  await budget.refund();
  return jsonOk({ redirectTo: result.redirectTo });
});
