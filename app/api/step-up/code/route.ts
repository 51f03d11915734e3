import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { signedInGate } from "@/lib/request/gates";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { stepUpWithCode, type CodeMethod } from "@/lib/step-up/code-step-up";
import { isStepUpPolicyName } from "@/lib/step-up/policies";
import { safeReturnTo, stepUpPath } from "@/lib/step-up/return-to";

const CODE_METHODS: readonly string[] = ["totp", "recovery-code", "email-code", "admin-invitation"] satisfies CodeMethod[];
const form = z.object({
  method: z.string().default(""),
  policy: z.string().default(""),
  returnTo: z.string().optional(),
  code: z.string().default(""),
});

/**
 * Step-up with a typed code: a plain form POST that works without JavaScript, answered with a
 * 303. A foreign origin gets the JSON refusal; no session (or one that ended meanwhile) goes to sign-in.
 */
export const POST = route(
  {
    gate: signedInGate({ awaitingSignInFactor: "allow" }),
    body: "form",
    schema: form,
    invalid: new AppError("bad-request", "Something was missing from the form."),
    respond: (error) =>
      error.code === "signed-out" || error.code === "session-gone"
        ? seeOther("/signin")
        : error.code === "bad-request"
          ? seeOther(`${stepUpPath("", safeReturnTo(undefined))}&error=bad-request`)
          : undefined,
  },
  async ({ session, facts, input }) => {
    const returnTo = safeReturnTo(input.returnTo);
    if (!CODE_METHODS.includes(input.method)) return seeOther(`${stepUpPath(input.policy, returnTo)}&error=bad-request`);
    const method = input.method as CodeMethod;
    const result = await stepUpWithCode(
      session,
      method,
      input.code.slice(0, 40),
      facts,
      isStepUpPolicyName(input.policy) ? input.policy : null,
    );
    return seeOther(result.ok ? returnTo : `${stepUpPath(input.policy, returnTo)}&error=${result.code}&method=${method}`);
  },
);
