import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { readSmallForm } from "@/lib/request/request-body";
import { assertSignedInChange } from "@/lib/step-up/assert-step-up";
import { checkStepUp } from "@/lib/step-up/check-step-up";
import { sendStepUpEmailCode } from "@/lib/step-up/email-code-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";
import { route } from "@/lib/request/route";

/**
 * Sends a step-up code to the account's own address, then back to the step-up screen; only
 * when the policy asked for would accept one (never, say, for an administrator's first factor).
 */
export const POST = route(async function POST(request: Request) {
  const gate = await assertSignedInChange();
  if (!gate.ok) return gate.code === "bad-origin" ? refusedOrigin() : seeOther("/signin");
  const form = await readSmallForm(request);
  const policy = form?.get("policy") ?? "";
  const back = stepUpPath(policy, safeReturnTo(form?.get("returnTo")));
  const decision = isStepUpPolicyName(policy) ? await checkStepUp(gate.session, policy) : null;
  if (!decision || decision.allowed || !decision.acceptedMethods.includes("email-code")) return seeOther(`${back}&error=not-offered`);
  const result = await sendStepUpEmailCode(gate.session, gate.facts);
  return seeOther(`${back}&${result.ok ? "sent=1" : `error=${result.code}`}`);
});
