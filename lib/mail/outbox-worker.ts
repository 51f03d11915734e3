import { enqueueJob } from "../jobs/job-queue";

/**
 * Asks for the outbox to be delivered now, by whichever process works jobs (JOBS_MODE), instead
 * of at the next sweep; called after a transaction that queued mail commits. The EmailOutbox
 * rows are the durable queue of mail: a lost nudge only waits for the sweep (every 5 s).
 */
export function kickOutbox(): void {
  void enqueueJob("deliver-outbox", null);
}
