import "server-only";
import { AppError } from "../errors/app-error";
import { getSessionEvenAwaitingFactor } from "../auth/current-session";
import type { ActiveSession } from "../auth/session-store";
import { readRequestFacts, type RequestFacts } from "../request/request-facts";
import { requestHasSameOrigin } from "../request/same-origin";
import { checkStepUp, recordStepUpRequired } from "./check-step-up";
import { stepUpPolicy, type StepUpPolicyName } from "./policies";
import { stepUpPath } from "./return-to";

export type GateRefusal = {
  ok: false;
  code: "bad-origin" | "signed-out" | "step-up-required";
  message: string;
  status: 401 | 403;
  /** Where the user can prove it's them, then come back. */
  stepUpUrl?: string;
};

/** The outcome of a session check: the session and request facts, or why not. */
export type GateCheck = { ok: true; session: ActiveSession; facts: RequestFacts } | GateRefusal;

const DEFAULT_RETURN: Record<StepUpPolicyName, string> = {
  "account.signIn": "/account",
  "admin.access": "/admin",
  "account.changeEmail": "/account/email",
  "account.manageFactors": "/account/security",
  "sessions.revokeOthers": "/account",
};

/**
 * For server actions and route handlers that change state: same Origin, a live session that
 * is not held back at sign-in, nothing more. Next.js lets a server action without an Origin
 * header through, so this check is ours. Only the step-up routes pass
 * `awaitingSignInFactor: "allow"`: proving the factor is all such a session may do.
 */
export async function assertSignedInChange(options: { awaitingSignInFactor?: "allow" } = {}): Promise<GateCheck> {
  const facts = await readRequestFacts("POST");
  if (!(await requestHasSameOrigin())) {
    return { ok: false, code: "bad-origin", status: 403, message: "This request must come from a page of this site." };
  }
  return liveSession(facts, options.awaitingSignInFactor === "allow");
}

async function liveSession(facts: RequestFacts, allowAwaitingFactor: boolean): Promise<GateCheck> {
  const session = await getSessionEvenAwaitingFactor();
  if (!session) return { ok: false, code: "signed-out", status: 401, message: "Your session has ended. Sign in again." };
  if (session.awaitingSignInFactor && !allowAwaitingFactor) {
    await recordStepUpRequired(session, "account.signIn", "no-proof", facts);
    return {
      ok: false,
      code: "step-up-required",
      status: 403,
      message: `Confirm it's you to ${stepUpPolicy("account.signIn").purpose}.`,
      stepUpUrl: stepUpPath("account.signIn", DEFAULT_RETURN["account.signIn"]),
    };
  }
  return { ok: true, session, facts };
}

/**
 * assertSignedInChange plus the policy: a direct call (a POST without the page) is refused
 * exactly like one from the page. Actions turn the refusal into
 * { ok: false, code: "step-up-required" }; route handlers into a 403 (see refusalError).
 */
export async function assertStepUp(policy: StepUpPolicyName, options: { returnTo?: string } = {}): Promise<GateCheck> {
  return withPolicy(await assertSignedInChange(), policy, options.returnTo);
}

/**
 * For GET route handlers that read guarded data (an admin CSV export): browsers send no
 * Origin on a same-origin navigation, so only the session and the policy are checked.
 * Never use it for anything that changes state.
 */
export async function assertStepUpForRead(policy: StepUpPolicyName, options: { returnTo?: string } = {}): Promise<GateCheck> {
  return withPolicy(await liveSession(await readRequestFacts("GET"), false), policy, options.returnTo);
}

async function withPolicy(gate: GateCheck, policy: StepUpPolicyName, returnTo: string | undefined): Promise<GateCheck> {
  if (!gate.ok) return gate;
  const decision = await checkStepUp(gate.session, policy);
  if (decision.allowed) return gate;
  await recordStepUpRequired(gate.session, policy, decision.reason, gate.facts);
  return {
    ok: false,
    code: "step-up-required",
    status: 403,
    message: `Confirm it's you to ${stepUpPolicy(policy).purpose}.`,
    stepUpUrl: stepUpPath(policy, returnTo ?? DEFAULT_RETURN[policy]),
  };
}

/** A refusal as the one error type: the wrappers answer it as a result, a JSON 401/403 or a redirect. */
export function refusalError(refusal: GateRefusal): AppError {
  return new AppError(refusal.code, refusal.message, { status: refusal.status, stepUpUrl: refusal.stepUpUrl });
}
