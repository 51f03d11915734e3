import { z } from "zod";
import { redeemLink } from "@/lib/magic-link/redeem/redeem";
import { signInPageGate } from "@/lib/request/gate";
import { ensureDeviceBinding, readRequestFacts } from "@/lib/request/request-facts";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const form = z.object({ attemptId: z.string().min(1), token: z.string().min(1), confirmOtherDevice: z.string().optional() });

/** The explicit POST that redeems a link; answers 303 to Auth.js's callback or to the failure page. */
export const POST = route(
  {
    gate: signInPageGate,
    body: "form",
    schema: form,
    respond: (error) => (error.code === "invalid-input" ? seeOther("/signin/failed?reason=not-found") : undefined),
  },
  async ({ input }) => {
    const deviceHash = await ensureDeviceBinding();
    const facts = { ...(await readRequestFacts("POST")), deviceHash };
    const result = await redeemLink(input.attemptId, input.token, input.confirmOtherDevice === "yes", facts);
    return seeOther(result.ok ? result.redirectTo : `/signin/failed?reason=${result.reason}`);
  },
);
