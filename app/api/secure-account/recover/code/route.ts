import { z } from "zod";
import { unlockWithCode } from "@/lib/account/unlock-with-code";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { emailAddressSchema } from "@/lib/magic-link/request/email-address";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const body = z.object({
  email: emailAddressSchema,
  code: z
    .string({ error: "Type the 6-digit code from your authenticator app, or a recovery code." })
    .trim()
    .min(6, "Type the 6-digit code from your authenticator app, or a recovery code.")
    .max(40, "That is longer than any code we accept."),
});

/**
 * The recovery page's email + code: lifts the owner's own "this wasn't me" lock when the code
 * is right. One answer (200) whatever happened; 429 only when the guess budgets are spent,
 * which they are the same way for every address. Never creates a session.
 */
export const POST = route({ gate: signInPageGate, body: "json", maxBytes: 2_048, schema: body }, async ({ input }) => {
  const answer = await unlockWithCode(input.email, input.code, await readRequestFacts("POST"));
  if (answer === "paused") throw AppError.of("ownerUnlock", "paused", { status: 429 });
  if (answer === "unavailable") throw AppError.of("ownerUnlock", "unavailable", { status: 503 });
  return jsonOk({ message: userMessage("ownerUnlock", "checked") });
});
