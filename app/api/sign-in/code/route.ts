import { z } from "zod";
import { enterCode } from "@/lib/magic-link/code/enter-code";
import { enterDecoyCode } from "@/lib/magic-link/request/decoy-attempt";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const wrongCode = () => seeOther("/signin/check-email?error=wrong-code");

/** The code typed on the waiting page: a plain form POST answered with a 303 back to it, or on to the account. */
export const POST = route(
  {
    gate: signInPageGate,
    body: "form",
    schema: z.object({ code: z.string().default("") }),
    respond: (error) => (error.code === "invalid-input" ? wrongCode() : undefined),
  },
  async ({ input }) => {
    const code = input.code.replace(/\s+/g, "");
    const pending = await readPendingAttempt();
    const facts = await readRequestFacts("POST");
    if (!/^\d{6}$/.test(code)) return wrongCode();
    if (!pending || !facts.deviceHash) return seeOther("/signin/check-email?error=other-browser");
    const result = pending.decoy
      ? await enterDecoyCode(pending, facts)
      : await enterCode(pending.attemptId, code, { ...facts, deviceHash: facts.deviceHash });
    if (result.ok) return seeOther(result.redirectTo);
    return seeOther(`/signin/check-email?error=${result.reason}&left=${result.triesLeft}`);
  },
);
