import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { finishApprovedSignIn } from "@/lib/magic-link/redeem/redeem";
import { signInPageGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { seeOther } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/** The requesting tab completes a sign-in another device approved; its binding cookie proves it is that tab's browser. */
export const POST = route({ gate: signInPageGate }, async () => {
  const pending = await readPendingAttempt();
  const facts = await readRequestFacts("POST");
  if (!pending || !facts.deviceHash) return seeOther("/signin/failed?reason=other-browser");
  // A decoy was never approved by anyone: it fails like an attempt with no approval.
  if (pending.decoy) return seeOther("/signin/failed?reason=not-found");
  const result = await finishApprovedSignIn(pending.attemptId, { ...facts, deviceHash: facts.deviceHash });
  return seeOther(result.ok ? result.redirectTo : `/signin/failed?reason=${result.reason}`);
});
