import { enqueueJob } from "../jobs/job-queue";
import { afterResponse } from "../request/after-response";

/**
 * Queues the scoring of an attempt once the answer has gone out, so detection never slows a
 * sign-in: one insert into the job queue (score-attempt, one waiting job per attempt), worked
 * by whichever process works jobs, at a pace that yields to sign-ins (lib/jobs/job-runner.ts).
 * Called by the lifecycle functions themselves (request, open, redeem, approve, code, finish,
 * the session's creation), never by a route; outside a request it queues at once.
 */
export function assessRiskAfterResponse(attemptId: string): Promise<void> {
  return afterResponse(() => enqueueJob("score-attempt", { attemptId }, { key: attemptId }));
}
