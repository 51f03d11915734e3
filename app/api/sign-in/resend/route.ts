import { z } from "zod";
import { loadAttemptWithToken } from "@/lib/magic-link/load-attempt";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { signInPageGate } from "@/lib/request/gate";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const form = z.object({ attemptId: z.string().default(""), token: z.string().default("") });

/** "Send me a new link" from a failure page: a fresh request for the same address, through the same limits. */
export const POST = route(
  {
    gate: signInPageGate,
    body: "form",
    schema: form,
    respond: (error) => (error.code === "invalid-input" ? seeOther("/signin") : undefined),
  },
  async ({ input }) => {
    const attempt = await loadAttemptWithToken(input.attemptId, input.token);
    if (!attempt) return seeOther("/signin");
    await submitSignInRequest(attempt.email, attempt.callbackPath);
    return seeOther("/signin/check-email");
  },
);
