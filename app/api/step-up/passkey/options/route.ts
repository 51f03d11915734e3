import { jsonError, jsonOk } from "@/lib/request/responses";
import { assertSignedInChange, refusalResponse } from "@/lib/step-up/assert-step-up";
import { passkeyStepUpOptions } from "@/lib/step-up/passkey-step-up";
import { route } from "@/lib/request/route";

/** First half of a passkey step-up: a challenge for this session's account's passkeys. */
export const POST = route(async function POST() {
  const gate = await assertSignedInChange({ awaitingSignInFactor: "allow" });
  if (!gate.ok) return refusalResponse(gate);
  const options = await passkeyStepUpOptions(gate.session);
  if (!options) return jsonError(409, "no-passkey", "This account has no passkey yet.");
  return jsonOk({ options });
});
