/**
 * Pure decisions about background jobs: where they run, which schedules apply, and whether a
 * cron-called run still has time for another batch. No I/O here (lib/jobs/ does that).
 */

/** web: the web process enqueues and works jobs. worker: `npm run worker` works them. cron: POST /api/cron/jobs does. */
export const JOBS_MODES = ["web", "worker", "cron"] as const;
export type JobsMode = (typeof JOBS_MODES)[number];

/** The kinds of process that may touch the queue. */
export type JobsProcess = "web" | "worker" | "cron-route";

/** Whether this process keeps a long-running loop that works jobs and fires schedules. */
export function runsJobLoop(mode: JobsMode, process: JobsProcess): boolean {
  if (process === "cron-route") return false;
  return process === "worker" ? mode !== "cron" : mode === "web";
}

/** Whether the cron route may work jobs: only in cron mode, so two kinds of worker never race to the same settings. */
export function cronRouteWorks(mode: JobsMode): boolean {
  return mode === "cron";
}

export interface Schedule {
  queue: string;
  /** At most one job per this many seconds, across every instance (pg-boss's throttle slot). */
  everySeconds: number;
}

/**
 * The periodic jobs. The outbox sweep catches retries that come due and mail whose nudge was
 * lost; the checkpoint job decides itself whether AUDIT_CHECKPOINT_MINUTES have passed. Factor
 * resets whose window has passed complete within a minute, whoever visits which page.
 */
export function schedulesFor(settings: { auditWebhook: boolean }): Schedule[] {
  return [
    { queue: "deliver-outbox", everySeconds: 5 },
    ...(settings.auditWebhook ? [{ queue: "push-audit-webhook", everySeconds: 5 }] : []),
    { queue: "sign-checkpoint", everySeconds: 60 },
    { queue: "apply-retention", everySeconds: 3_600 },
    { queue: "complete-factor-resets", everySeconds: 60 },
  ];
}

/**
 * Whether a time-boxed run (the cron route) should fetch another batch: only when what is left
 * of the budget covers the slowest batch seen so far, so a run ends inside its platform's limit.
 */
export function hasTimeForAnotherBatch(run: { startedAt: number; budgetMs: number; slowestBatchMs: number }, now: number): boolean {
  const left = run.startedAt + run.budgetMs - now;
  return left > 0 && left > run.slowestBatchMs;
}

/** How a cron route's bearer header is judged; the secret is compared in constant time by the caller. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1] : null;
}
