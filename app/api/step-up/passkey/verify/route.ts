import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { signedInGate } from "@/lib/request/gates";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { finishPasskeyStepUp } from "@/lib/step-up/passkey-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo } from "@/lib/step-up/return-to";

const body = z.object({
  response: z.looseObject({ id: z.string().min(1).max(1_400), type: z.literal("public-key") }),
  policy: z.string().max(60).optional(),
  returnTo: z.string().max(512).optional(),
});

/** Second half: checks the assertion, rotates the session (409 session-gone if it ended meanwhile) and says where to go next. */
export const POST = route(
  {
    gate: signedInGate({ awaitingSignInFactor: "allow" }),
    body: "json",
    maxBytes: 16_384,
    schema: body,
    invalid: AppError.of("passkeyStepUp", "bad-request"),
  },
  async ({ session, facts, input }) => {
    const policy = isStepUpPolicyName(input.policy) ? input.policy : null;
    const result = await finishPasskeyStepUp(session, input.response as unknown as AuthenticationResponseJSON, facts, policy);
    if (!result.ok) throw AppError.of("passkeyStepUp", result.code);
    return jsonOk({ redirectTo: safeReturnTo(input.returnTo) });
  },
);
