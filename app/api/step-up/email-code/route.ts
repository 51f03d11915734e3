import { readSmallForm, refusedOrigin, seeOther } from "@/lib/request/responses";
import { assertSignedInChange } from "@/lib/step-up/assert-step-up";
import { sendStepUpEmailCode } from "@/lib/step-up/email-code-step-up";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";

/** Sends a step-up code to the account's own address, then back to the step-up screen. */
export async function POST(request: Request) {
  const gate = await assertSignedInChange();
  if (!gate.ok) return gate.code === "bad-origin" ? refusedOrigin() : seeOther("/signin");
  const form = await readSmallForm(request);
  const back = stepUpPath(form?.get("policy") ?? "", safeReturnTo(form?.get("returnTo")));
  const result = await sendStepUpEmailCode(gate.session, gate.facts);
  return seeOther(`${back}&${result.ok ? "sent=1" : `error=${result.code}`}`);
}
