import type PgBoss from "pg-boss";
import { readEnv } from "../env";
import { logEvent } from "../log";
import { currentBackgroundPace } from "../risk/background-pace";
import { configuredWebhookSink } from "../audit-stream/webhook-sink";
import { hasTimeForAnotherBatch, schedulesFor } from "./decide-jobs";
import { JOB_HANDLERS } from "./job-handlers";
import { jobQueue, onJobAdded } from "./job-queue";
import { JOB_QUEUES, type JobQueueName } from "./job-queues";
import { drainOutboxHere } from "../mail/outbox-worker";

const POLL_MS = 2_000;
const SCHEDULE_TICK_MS = 5_000;

/** How many jobs of a queue to take at once, and the least pause between two batches. */
function paceOf(queue: JobQueueName): { batchSize: number; spacingMs: number } {
  // Scoring yields to sign-in: while requests queue for the CPU it slows to a trickle (background-pace.ts).
  if (queue === "score-attempt") {
    const pace = currentBackgroundPace();
    return { batchSize: pace.concurrency, spacingMs: pace.spacingMs };
  }
  return { batchSize: 1, spacingMs: 0 };
}

/** Takes up to a batch of due jobs of one queue, runs them, and marks each done or failed (to be retried). */
export async function workBatch(boss: PgBoss, queue: JobQueueName): Promise<number> {
  const jobs = await boss.fetch<Record<string, unknown> | null>(queue, { batchSize: paceOf(queue).batchSize });
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await JOB_HANDLERS[queue](job.data);
        await boss.complete(queue, job.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logEvent("error", "jobs.job_failed", { queue, jobId: job.id, message });
        await boss.fail(queue, job.id, { message }).catch(() => undefined);
      }
    }),
  );
  return jobs.length;
}

/** Adds the periodic jobs that are due; each is throttled in the database to one per period across all instances. */
export async function fireSchedules(boss: PgBoss): Promise<void> {
  for (const schedule of schedulesFor({ auditWebhook: configuredWebhookSink() !== null })) {
    await boss.send(schedule.queue, {}, { singletonSeconds: schedule.everySeconds });
  }
}

export type JobCounts = Partial<Record<JobQueueName, number>>;

/**
 * One time-boxed pass (the cron route): fires due schedules, fails jobs whose instance died
 * (so they are retried), then works every queue until it is empty or the budget is spent.
 */
export async function runDueJobs(budgetMs: number, now: () => number = Date.now): Promise<JobCounts> {
  const startedAt = now();
  const boss = await jobQueue();
  await boss.maintain();
  await fireSchedules(boss);
  const counts: JobCounts = {};
  await Promise.all(
    JOB_QUEUES.map(async ({ name }) => {
      let slowestBatchMs = 0;
      while (hasTimeForAnotherBatch({ startedAt, budgetMs, slowestBatchMs }, now())) {
        const batchStarted = now();
        const done = await workBatch(boss, name);
        if (done === 0) break;
        counts[name] = (counts[name] ?? 0) + done;
        slowestBatchMs = Math.max(slowestBatchMs, now() - batchStarted);
      }
    }),
  );
  return counts;
}

const state = globalThis as unknown as { jobRunner?: { stop(): Promise<void> } };

/**
 * The long-running worker of `JOBS_MODE=web` (in the web process) and of `npm run worker`: one
 * loop per queue, woken at once by jobs this process adds and polling for the others, plus
 * the schedule tick. Safe to call twice. stop() lets running jobs finish.
 */
export function startJobRunner(): { stop(): Promise<void> } {
  if (state.jobRunner) return state.jobRunner;
  let stopping = false;
  const loops: Array<Promise<void>> = [];
  const wakeups = new Map<JobQueueName, () => void>();

  const pause = (queue: JobQueueName, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeups.delete(queue);
        resolve();
      }
      wakeups.set(queue, done);
    });

  async function loop(queue: JobQueueName) {
    onJobAdded(queue, () => wakeups.get(queue)?.());
    while (!stopping) {
      try {
        const boss = await jobQueue({ supervise: true });
        const done = await workBatch(boss, queue);
        const { spacingMs } = paceOf(queue);
        if (done === 0) await pause(queue, POLL_MS);
        else if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
      } catch (error) {
        logEvent("error", "jobs.worker_error", { queue, message: error instanceof Error ? error.message : String(error) });
        await pause(queue, POLL_MS);
      }
    }
  }

  async function tick() {
    while (!stopping) {
      try {
        await fireSchedules(await jobQueue({ supervise: true }));
      } catch (error) {
        logEvent("error", "jobs.schedule_error", { message: error instanceof Error ? error.message : String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, SCHEDULE_TICK_MS).unref());
    }
  }

  for (const { name } of JOB_QUEUES) loops.push(loop(name));
  loops.push(tick());
  // Mail queued in this process is sent from here at once (outbox-worker.ts); the sweep stays.
  const stopDrainingOutbox = drainOutboxHere(() => JOB_HANDLERS["deliver-outbox"](null));
  logEvent("info", "jobs.worker_started", { mode: readEnv().JOBS_MODE, queues: JOB_QUEUES.map((queue) => queue.name) });
  state.jobRunner = {
    async stop() {
      stopping = true;
      stopDrainingOutbox();
      for (const wake of wakeups.values()) wake();
      await Promise.all(loops);
      await (await jobQueue()).stop({ graceful: true, timeout: 10_000 });
    },
  };
  return state.jobRunner;
}
