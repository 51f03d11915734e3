import { z } from "zod";
import { signedInGate } from "@/lib/request/gates";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { checkStepUp } from "@/lib/step-up/check-step-up";
import { sendStepUpEmailCode } from "@/lib/step-up/email-code-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";

const form = z.object({ policy: z.string().default(""), returnTo: z.string().optional() });

/**
 * Sends a step-up code to the account's own address, then back to the step-up screen; only
 * when the policy asked for would accept one (never, say, for an administrator's first factor).
 */
export const POST = route(
  {
    gate: signedInGate(),
    body: "form",
    schema: form,
    respond: (error) =>
      error.code === "invalid-input"
        ? seeOther(`${stepUpPath("", safeReturnTo(undefined))}&error=not-offered`)
        : error.code === "bad-origin"
          ? undefined
          : seeOther("/signin"),
  },
  async ({ session, facts, input }) => {
    const back = stepUpPath(input.policy, safeReturnTo(input.returnTo));
    const decision = isStepUpPolicyName(input.policy) ? await checkStepUp(session, input.policy) : null;
    if (!decision || decision.allowed || !decision.acceptedMethods.includes("email-code")) return seeOther(`${back}&error=not-offered`);
    const result = await sendStepUpEmailCode(session, facts);
    return seeOther(`${back}&${result.ok ? "sent=1" : `error=${result.code}`}`);
  },
);
