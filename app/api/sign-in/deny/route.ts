import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { reportUnrequestedSignIn } from "@/lib/magic-link/cross-device/approve-other-device";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const linkInput = z.object({ attemptId: z.string(), token: z.string() });
const incompleteLink = new AppError("bad-request", userMessage("signIn", "incomplete-link"));

/** "I did not request this" from the device holding the link: cancels, tells the owner, alerts. */
export const POST = route({ gate: signInPageGate, body: "json", schema: linkInput, invalid: incompleteLink }, async ({ input }) =>
  jsonOk(await reportUnrequestedSignIn(input.attemptId, input.token, await readRequestFacts("POST"))),
);
