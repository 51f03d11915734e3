import { refusedOrigin, seeOther } from "@/lib/request/responses";
import { readSmallForm } from "@/lib/request/request-body";
import { assertSignedInChange } from "@/lib/step-up/assert-step-up";
import { stepUpWithCode, type CodeMethod } from "@/lib/step-up/code-step-up";
import { SessionGoneError } from "@/lib/step-up/complete-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";
import { route } from "@/lib/request/route";

const CODE_METHODS: readonly CodeMethod[] = ["totp", "recovery-code", "email-code", "admin-invitation"];

/** Step-up with a typed code: a plain form POST that works without JavaScript, answered with a 303. */
export const POST = route(async function POST(request: Request) {
  const gate = await assertSignedInChange({ awaitingSignInFactor: "allow" });
  if (!gate.ok) return gate.code === "bad-origin" ? refusedOrigin() : seeOther("/signin");
  const form = await readSmallForm(request);
  const method = form?.get("method") as CodeMethod | undefined;
  const policy = form?.get("policy") ?? "";
  const returnTo = safeReturnTo(form?.get("returnTo"));
  if (!method || !CODE_METHODS.includes(method)) return seeOther(`${stepUpPath(policy, returnTo)}&error=bad-request`);
  const back = (error: string) => seeOther(`${stepUpPath(policy, returnTo)}&error=${error}&method=${method}`);
  try {
    const result = await stepUpWithCode(gate.session, method, (form?.get("code") ?? "").slice(0, 40), gate.facts, isStepUpPolicyName(policy) ? policy : null);
    return result.ok ? seeOther(returnTo) : back(result.code);
  } catch (error) {
    if (error instanceof SessionGoneError) return seeOther("/signin");
    throw error;
  }
});
