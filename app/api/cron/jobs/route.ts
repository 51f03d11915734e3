import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { cronRouteWorks } from "@/lib/jobs/decide-jobs";
import { cronSecretMatches } from "@/lib/jobs/cron-secret";
import { runDueJobs } from "@/lib/jobs/job-runner";
import { openGate } from "@/lib/request/gate";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/** Platforms cap a function's run; the work stops taking new batches well before. */
export const maxDuration = 60;
const BUDGET_MS = 25_000;

/**
 * JOBS_MODE=cron: a scheduler (a platform's cron, or curl from crontab) calls this every minute
 * or so with `Authorization: Bearer <CRON_SECRET>`; it works off the due jobs within a time
 * budget and fires the due schedules, and answers how many jobs of each queue it ran.
 */
const handle = route({ gate: openGate }, async ({ request }) => {
  const env = readEnv();
  if (!cronSecretMatches(request.headers.get("authorization"), env.CRON_SECRET)) {
    throw new AppError("unauthorized", "Send Authorization: Bearer <CRON_SECRET>.", { status: 401 });
  }
  if (!cronRouteWorks(env.JOBS_MODE)) {
    const worker = env.JOBS_MODE === "web" ? "the web process" : "npm run worker";
    throw new AppError(
      "jobs-mode",
      `Jobs are worked by ${worker} (JOBS_MODE=${env.JOBS_MODE}); this route works them only with JOBS_MODE=cron.`,
      { status: 409 },
    );
  }
  const started = Date.now();
  const ran = await runDueJobs(BUDGET_MS);
  return jsonOk({ ran, ms: Date.now() - started });
});

export const POST = handle;
// Some platforms' schedulers (Vercel Cron) call with GET; the secret guards both alike.
export const GET = handle;
