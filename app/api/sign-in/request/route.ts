import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { submitSignInRequest } from "@/lib/magic-link/request/submit-sign-in-request";
import { signInPageGate } from "@/lib/request/gate";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/** The address is checked by submitSignInRequest, which has a sentence for each mistake. */
const body = z.object({ email: z.unknown().optional(), callbackUrl: z.unknown().optional() });

/** JSON twin of the sign-in form, for scripts and clients without the React form. */
export const POST = route(
  { gate: signInPageGate, body: "json", schema: body, invalid: new AppError("bad-request", userMessage("signIn", "request-body")) },
  async ({ input }) => {
    const result = await submitSignInRequest(input.email, input.callbackUrl);
    if (!result.ok) throw new AppError("invalid-email", result.message);
    return jsonOk({ message: "If that address can sign in, a link and a code are on their way." });
  },
);
