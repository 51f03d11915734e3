import "server-only";
import { assertAdminForAction, assertAdminForRoute, type AdminActor } from "../admin/require-admin";
import type { ActiveSession } from "../auth/session-store";
import { assertSignedInChange, assertStepUp, refusalError } from "../step-up/assert-step-up";
import type { StepUpPolicyName } from "../step-up/policies";
import type { Gate } from "./gate";
import type { RequestFacts } from "./request-facts";

export { openGate, sameOriginGate, type Gate } from "./gate";

export type SessionContext = { session: ActiveSession; facts: RequestFacts };

/**
 * Same origin and a live session that is not held back at sign-in. Only the step-up routes
 * pass `awaitingSignInFactor: "allow"`: proving the factor is all such a session may do.
 */
export function signedInGate(options: { awaitingSignInFactor?: "allow" } = {}): Gate<SessionContext> {
  return async () => {
    const gate = await assertSignedInChange(options);
    if (!gate.ok) throw refusalError(gate);
    return { session: gate.session, facts: gate.facts };
  };
}

/** signedInGate plus a step-up policy: a direct call is refused exactly like one from the page. */
export function stepUpGate(policy: StepUpPolicyName, returnTo?: string): Gate<SessionContext> {
  return async () => {
    const gate = await assertStepUp(policy, { returnTo });
    if (!gate.ok) throw refusalError(gate);
    return { session: gate.session, facts: gate.facts };
  };
}

/** An administrator with a recent step-up; a route handler's refusal is the 404 of a page that does not exist. */
export const adminGate: Gate<{ actor: AdminActor }> = async (request) => ({
  actor: request ? await assertAdminForRoute(request) : await assertAdminForAction(),
});
