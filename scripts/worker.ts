/**
 * `npm run worker`: works background jobs (risk scoring, mail delivery, the audit webhook,
 * checkpoints, retention) in a process of its own, for JOBS_MODE=worker; run as many as you
 * like. Reads the same settings as the app (DATABASE_URL is required: the worker and the web
 * process must share a database). SIGTERM or SIGINT lets running jobs finish.
 */
import { ConfigError, readEnv } from "../lib/env";
import { runsJobLoop } from "../lib/jobs/decide-jobs";
import { startJobRunner } from "../lib/jobs/job-runner";

let env;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: the worker works the jobs of the web process's database, so point it at the same one.");
  process.exit(1);
}
if (!runsJobLoop(env.JOBS_MODE, "worker")) {
  console.error("JOBS_MODE=cron: jobs are worked by POST /api/cron/jobs, not by a worker. Set JOBS_MODE=worker (or web) to run one.");
  process.exit(1);
}
const runner = startJobRunner();
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Worker stopping (${signal}): letting running jobs finish.`);
    void runner.stop().then(() => process.exit(0));
  });
}
console.log(`Worker started (JOBS_MODE=${env.JOBS_MODE}).`);
