/**
 * The queues of the background jobs, in one place: `npm run db:migrate` creates them as the
 * owner role (creating a queue creates a table), the app only adds and works jobs.
 *
 * expireInSeconds is how long a job may stay active: a job whose instance died mid-job is
 * failed after it by the queue's maintenance (any instance) and retried by any other.
 */
export const JOB_QUEUE_SCHEMA = "pgboss";

export interface QueueDefinition {
  name: JobQueueName;
  /** pg-boss policy: "stately" keeps one waiting and one running job per key, "short" one waiting. */
  policy: "standard" | "short" | "stately";
  expireInSeconds: number;
  retryLimit: number;
  retryDelay: number;
}

export type JobQueueName =
  "score-attempt" | "deliver-outbox" | "push-audit-webhook" | "sign-checkpoint" | "apply-retention" | "complete-factor-resets";

export const JOB_QUEUES: QueueDefinition[] = [
  // One per attempt (keyed by its id): a burst of events on one attempt scores it once more, not once per event.
  { name: "score-attempt", policy: "stately", expireInSeconds: 30, retryLimit: 5, retryDelay: 2 },
  // A nudge: the EmailOutbox rows are the durable queue of mail, leased per row (deliver-outbox.ts).
  { name: "deliver-outbox", policy: "short", expireInSeconds: 120, retryLimit: 3, retryDelay: 1 },
  { name: "push-audit-webhook", policy: "short", expireInSeconds: 120, retryLimit: 3, retryDelay: 5 },
  { name: "sign-checkpoint", policy: "short", expireInSeconds: 60, retryLimit: 3, retryDelay: 10 },
  { name: "apply-retention", policy: "short", expireInSeconds: 30 * 60, retryLimit: 3, retryDelay: 60 },
  { name: "complete-factor-resets", policy: "short", expireInSeconds: 5 * 60, retryLimit: 3, retryDelay: 30 },
];

/** pg-boss settings shared by every process: how often expired jobs are looked for, how long finished ones are kept. */
export const JOB_QUEUE_MAINTENANCE = {
  maintenanceIntervalSeconds: 15,
  // Completed jobs move to the archive after this, and the throttle slots of schedules (at most
  // one per slot) hold only until then: it must exceed the longest schedule (an hour).
  archiveCompletedAfterSeconds: 2 * 3_600,
  deleteAfterDays: 2,
};
