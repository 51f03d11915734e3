import { stepUpGate } from "@/lib/request/gates";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { passkeyRegistrationOptions } from "@/lib/step-up/passkey-registration";

/** Adding a passkey needs account.manageFactors (a fresh step-up, or first enrolment right after sign-in). */
export const POST = route({ gate: stepUpGate("account.manageFactors", "/account/security") }, async ({ session }) =>
  jsonOk({ options: await passkeyRegistrationOptions(session) }),
);
