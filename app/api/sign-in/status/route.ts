import { cookies } from "next/headers";
import { cookieNames } from "@/lib/auth/cookie-names";
import { jsonOk } from "@/lib/request/responses";
import { originalTabStatus } from "@/lib/magic-link/request/original-tab-status";
import { readRequestFacts } from "@/lib/request/request-facts";
import { answeringOutagesWith503 } from "@/lib/request/database-outage";

export const GET = answeringOutagesWith503(async function GET() {
  const attemptId = (await cookies()).get(cookieNames.pendingAttempt())?.value ?? null;
  const facts = await readRequestFacts();
  return jsonOk({ status: await originalTabStatus(attemptId, facts.deviceHash) });
});
