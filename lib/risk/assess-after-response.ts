import { after } from "next/server";
import { enqueueJob } from "../jobs/job-queue";

/**
 * Queues the scoring of an attempt once the answer has gone out, so detection never slows a
 * sign-in: one insert into the job queue (score-attempt, one waiting job per attempt), worked
 * by whichever process works jobs, at a pace that yields to sign-ins (lib/jobs/job-runner.ts).
 * Only for route handlers and server actions (Next.js's after() needs a request).
 */
export function assessRiskAfterResponse(attemptId: string | null | undefined): void {
  if (!attemptId) return;
  after(() => enqueueJob("score-attempt", { attemptId }, { key: attemptId }));
}
