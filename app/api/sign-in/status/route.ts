import { originalTabStatus } from "@/lib/magic-link/request/original-tab-status";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { openGate } from "@/lib/request/gate";
import { readRequestFacts } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/** What the waiting tab polls: only this browser's own pending attempt (its sealed cookie) is read. */
export const GET = route({ gate: openGate }, async () => {
  const facts = await readRequestFacts();
  return jsonOk({ status: await originalTabStatus(await readPendingAttempt(), facts.deviceHash) });
});
