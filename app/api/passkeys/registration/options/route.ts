import { jsonOk } from "@/lib/request/responses";
import { assertStepUp, refusalResponse } from "@/lib/step-up/assert-step-up";
import { passkeyRegistrationOptions } from "@/lib/step-up/passkey-registration";
import { route } from "@/lib/request/route";

/** Adding a passkey needs account.manageFactors (a fresh step-up, or first enrolment right after sign-in). */
export const POST = route(async function POST() {
  const gate = await assertStepUp("account.manageFactors", { returnTo: "/account/security" });
  if (!gate.ok) return refusalResponse(gate);
  return jsonOk({ options: await passkeyRegistrationOptions(gate.session) });
});
