import { AppError } from "@/lib/errors/app-error";
import { signedInGate } from "@/lib/request/gates";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { passkeyStepUpOptions } from "@/lib/step-up/passkey-step-up";

/** First half of a passkey step-up: a challenge for this session's account's passkeys. */
export const POST = route({ gate: signedInGate({ awaitingSignInFactor: "allow" }) }, async ({ session }) => {
  const options = await passkeyStepUpOptions(session);
  if (!options) throw AppError.of("passkeyStepUp", "no-passkey", { status: 409 });
  return jsonOk({ options });
});
