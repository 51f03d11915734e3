import { jsonOk } from "@/lib/request/responses";
import { originalTabStatus } from "@/lib/magic-link/request/original-tab-status";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { readRequestFacts } from "@/lib/request/request-facts";
import { route } from "@/lib/request/route";

export const GET = route(async function GET() {
  const facts = await readRequestFacts();
  return jsonOk({ status: await originalTabStatus(await readPendingAttempt(), facts.deviceHash) });
});
