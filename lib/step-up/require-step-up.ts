import "server-only";
import { redirect } from "next/navigation";
import { requireSession } from "../auth/current-session";
import type { ActiveSession } from "../auth/session-store";
import { readRequestFacts } from "../request/request-facts";
import { checkStepUp, recordStepUpRequired } from "./check-step-up";
import type { StepUpPolicyName } from "./policies";
import { stepUpPath } from "./return-to";

/**
 * For pages and layouts: signed-out visitors go to /signin, sessions without a recent
 * enough proof go to /step-up and come back to `returnTo` afterwards.
 *
 * A layout is not re-rendered when the user moves between its pages on the client, so a
 * layout check alone does not re-prompt an idle admin: guard each page (and every action)
 * as well.
 */
export async function requireStepUp(policy: StepUpPolicyName, returnTo: string): Promise<ActiveSession> {
  const session = await requireSession(returnTo);
  const decision = await checkStepUp(session, policy);
  if (decision.allowed) return session;
  await recordStepUpRequired(session, policy, decision.reason, await readRequestFacts("GET"));
  redirect(stepUpPath(policy, returnTo));
}
