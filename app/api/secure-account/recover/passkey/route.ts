import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { unlockWithPasskey } from "@/lib/account/unlock-with-passkey";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
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
});

/**
 * The recovery page's passkey (its challenge comes from /api/sign-in/passkey/options): lifts the
 * owner's lock and continues into the passkey sign-in. The passkey sign-in's budgets and answers.
 */
export const POST = route(
  { gate: signInPageGate, body: "json", maxBytes: 16_384, schema: body, invalid: AppError.of("passkeySignIn", "bad-request") },
  async ({ input }) => {
    const facts = await readRequestFacts("POST");
    // No binding cookie: this browser was never given a challenge.
    if (!facts.deviceHash) throw AppError.of("passkeySignIn", "expired");
    const budget = await reservePasskeySignIn(facts.ip, facts.deviceHash);
    if (!budget.ok) {
      throw new AppError("rate-limited", userMessage("ownerUnlock", "passkey-rate-limited"), {
        status: 429,
        headers: { "Retry-After": String(budget.retryAfterSeconds) },
      });
    }
    const result = await unlockWithPasskey(input.response as unknown as AuthenticationResponseJSON, "/account", {
      ...facts,
      deviceHash: facts.deviceHash,
    });
    if (!result.ok) throw AppError.of("passkeySignIn", result.answer);
    await budget.refund();
    return jsonOk({ redirectTo: result.redirectTo, unlocked: result.unlocked });
  },
);
