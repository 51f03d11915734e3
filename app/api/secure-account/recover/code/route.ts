import { z } from "zod";
import { OWNER_UNLOCK_MESSAGES } from "@/lib/account/owner-unlock-messages";
import { unlockWithCode } from "@/lib/account/unlock-with-code";
import { emailAddressSchema } from "@/lib/magic-link/request/email-address";
import { readSmallJson } from "@/lib/request/request-body";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

const body = z.object({
  email: emailAddressSchema,
  code: z.string().trim().min(6, "Type the 6-digit code from your authenticator app, or a recovery code.").max(40, "That is longer than any code we accept."),
});

/**
 * The recovery page's email + code: lifts the owner's own "this wasn't me" lock when the code
 * is right. One answer (200) whatever happened; 429 only when the guess budgets are spent,
 * which they are the same way for every address. Never creates a session.
 */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const parsed = body.safeParse(await readSmallJson(request, 2_048));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(400, "bad-request", issue && issue.path.length > 0 ? issue.message : "Send an email address and a code.");
  }
  const answer = await unlockWithCode(parsed.data.email, parsed.data.code, await readRequestFacts("POST"));
  if (answer === "paused") return jsonError(429, answer, OWNER_UNLOCK_MESSAGES.paused);
  if (answer === "unavailable") return jsonError(503, answer, OWNER_UNLOCK_MESSAGES.unavailable);
  return jsonOk({ message: OWNER_UNLOCK_MESSAGES.checked });
});
