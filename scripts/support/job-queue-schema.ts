import PgBoss from "pg-boss";
import { JOB_QUEUE_MAINTENANCE, JOB_QUEUE_SCHEMA, JOB_QUEUES } from "../../lib/jobs/job-queues";

/**
 * Installs or upgrades the job queue's schema (pg-boss keeps its own version and migrations)
 * and creates the app's queues, as the owner role, in the deploy step: the app's role may add
 * and work jobs but not create tables. Idempotent; safe for two deploy steps at once.
 */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOB_QUEUE_SCHEMA,
    max: 1,
    supervise: false,
    schedule: false,
    ...JOB_QUEUE_MAINTENANCE,
  });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    for (const queue of JOB_QUEUES) {
      if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, queue);
      else await boss.createQueue(queue.name, queue);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
