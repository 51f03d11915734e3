import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { openLink } from "@/lib/magic-link/link/open-link";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const linkInput = z.object({ attemptId: z.string(), token: z.string() });
const incompleteLink = new AppError("bad-request", userMessage("signIn", "incomplete-link"));

/** The confirm page, opened from the email: what the link may do here (nothing is redeemed yet). */
export const POST = route({ gate: signInPageGate, body: "json", schema: linkInput, invalid: incompleteLink }, async ({ input }) => {
  const view = await openLink(input.attemptId, input.token, await readRequestFacts("POST"));
  return jsonOk({ view });
});
