import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { finishPasskeySignIn } from "@/lib/passkey-sign-in/passkey-sign-in";
import { reservePasskeySignIn } from "@/lib/rate-limit/passkey-sign-in-limits";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
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
export const POST = route(
  { gate: signInPageGate, body: "json", maxBytes: 16_384, schema: body, invalid: AppError.of("passkeySignIn", "bad-request") },
  async ({ input }) => {
    const facts = await readRequestFacts("POST");
    // No binding cookie: this browser was never given a challenge.
    if (!facts.deviceHash) throw AppError.of("passkeySignIn", "expired");
    const budget = await reservePasskeySignIn(facts.ip, facts.deviceHash);
    if (!budget.ok)
      throw AppError.of("passkeySignIn", "rate-limited", { status: 429, headers: { "Retry-After": String(budget.retryAfterSeconds) } });
    const result = await finishPasskeySignIn(input.response as unknown as AuthenticationResponseJSON, input.callbackUrl, {
      ...facts,
      deviceHash: facts.deviceHash,
    });
    if (!result.ok) throw AppError.of("passkeySignIn", result.answer);
    await budget.refund();
    return jsonOk({ redirectTo: result.redirectTo });
  },
);
