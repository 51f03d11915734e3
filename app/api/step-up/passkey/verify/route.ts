import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { jsonError, jsonOk } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { assertSignedInChange, refusalResponse } from "@/lib/step-up/assert-step-up";
import { SessionGoneError } from "@/lib/step-up/complete-step-up";
import { finishPasskeyStepUp } from "@/lib/step-up/passkey-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo } from "@/lib/step-up/return-to";
import { route } from "@/lib/request/route";

const body = z.object({
  response: z.looseObject({ id: z.string().min(1).max(1_400), type: z.literal("public-key") }),
  policy: z.string().max(60).optional(),
  returnTo: z.string().max(512).optional(),
});

const MESSAGES = {
  expired: "That took too long. Try again.",
  "unknown-passkey": "That passkey does not belong to this account.",
  "not-verified": "The passkey could not be verified. Try again.",
} as const;

/** Second half: checks the assertion, rotates the session and says where to go next. */
export const POST = route(async function POST(request: Request) {
  const gate = await assertSignedInChange({ awaitingSignInFactor: "allow" });
  if (!gate.ok) return refusalResponse(gate);
  const parsed = body.safeParse(await readSmallJson(request, 16_384));
  if (!parsed.success) return jsonError(400, "bad-request", "The passkey response could not be read.");
  const policy = isStepUpPolicyName(parsed.data.policy) ? parsed.data.policy : null;
  try {
    const result = await finishPasskeyStepUp(gate.session, parsed.data.response as unknown as AuthenticationResponseJSON, gate.facts, policy);
    if (!result.ok) return jsonError(400, result.code, MESSAGES[result.code]);
  } catch (error) {
    if (error instanceof SessionGoneError) return jsonError(409, "session-gone", "Your session ended meanwhile. Sign in again.");
    throw error;
  }
  return jsonOk({ redirectTo: safeReturnTo(parsed.data.returnTo) });
});
