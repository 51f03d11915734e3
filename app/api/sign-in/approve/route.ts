import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { userMessage } from "@/lib/errors/user-messages";
import { parseTypedApprovalNumber } from "@/lib/magic-link/cross-device/approval-challenge";
import { approveOtherDevice } from "@/lib/magic-link/cross-device/approve-other-device";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const badNumber = new AppError("bad-request", userMessage("signIn", "approval-number"));

export const POST = route(
  {
    gate: signInPageGate,
    body: "json",
    schema: z.object({ attemptId: z.string(), token: z.string(), number: z.unknown().optional() }),
    invalid: badNumber,
  },
  async ({ input }) => {
    const typed = parseTypedApprovalNumber(input.number);
    if (typed === null) throw badNumber;
    const result = await approveOtherDevice(input.attemptId, input.token, typed, await readRequestFacts("POST"));
    return jsonOk(result);
  },
);
