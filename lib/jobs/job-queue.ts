import PgBoss from "pg-boss";
import { requireDatabaseUrl } from "../database-url";
import { logEvent } from "../log";
import { JOB_QUEUE_MAINTENANCE, JOB_QUEUE_SCHEMA, type JobQueueName } from "./job-queues";

const state = globalThis as unknown as { jobQueue?: { boss: Promise<PgBoss>; supervised: boolean } };

/**
 * This process's handle on the job queue (pg-boss in PostgreSQL), started on first use. It
 * never installs or migrates the queue's schema (the deploy step does, as the owner role). A
 * process that works jobs also supervises: it fails jobs that outlived their expiry (their
 * instance died), so that another instance retries them. A start that failed (database down)
 * is tried again on the next use.
 */
export function jobQueue(options: { supervise?: boolean } = {}): Promise<PgBoss> {
  const supervise = options.supervise ?? false;
  if (state.jobQueue && (state.jobQueue.supervised || !supervise)) return state.jobQueue.boss;
  const previous = state.jobQueue?.boss;
  const boss = (async () => {
    if (previous) await (await previous.catch(() => null))?.stop({ graceful: false, close: true }).catch(() => undefined);
    const created = new PgBoss({
      connectionString: requireDatabaseUrl(),
      schema: JOB_QUEUE_SCHEMA,
      // Enqueueing is one insert; working uses a connection per running batch.
      max: 4,
      migrate: false,
      schedule: false,
      supervise,
      ...JOB_QUEUE_MAINTENANCE,
    });
    created.on("error", (error: Error) => logEvent("error", "jobs.queue_error", { message: error.message }));
    await created.start();
    return created;
  })();
  state.jobQueue = { boss, supervised: supervise };
  boss.catch((error: unknown) => {
    logEvent("error", "jobs.queue_unavailable", { message: error instanceof Error ? error.message : String(error) });
    if (state.jobQueue?.boss === boss) state.jobQueue = undefined;
  });
  return boss;
}

// On globalThis: Next.js bundles instrumentation.ts (which starts the runner) apart from the
// routes (which add jobs), and each bundle has its own copy of this module.
const wakers: Map<JobQueueName, () => void> = ((globalThis as unknown as { jobWakers?: Map<JobQueueName, () => void> }).jobWakers ??=
  new Map());

/**
 * Adds a job; never throws (a failed enqueue is logged: the periodic sweeps and the rows the job
 * refers to keep the work findable). `key` dedupes per the queue's policy. A job added here is
 * started at once when this process works that queue.
 */
export async function enqueueJob(
  queue: JobQueueName,
  data: object | null,
  options: { key?: string; throttleSeconds?: number } = {},
): Promise<void> {
  try {
    const boss = await jobQueue();
    await boss.send(queue, data ?? {}, { singletonKey: options.key, singletonSeconds: options.throttleSeconds });
    wakers.get(queue)?.();
  } catch (error) {
    logEvent("error", "jobs.enqueue_failed", { queue, message: error instanceof Error ? error.message : String(error) });
  }
}

/** Lets this process's runner be woken when a job is added to `queue` here (job-runner.ts). */
export function onJobAdded(queue: JobQueueName, wake: () => void): void {
  wakers.set(queue, wake);
}
