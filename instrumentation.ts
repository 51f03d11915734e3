import { reportOutageRequest } from "./lib/request/database-outage";

/** Runs once when a server process starts: stamp requests, check the settings, connect the limit stores, and (JOBS_MODE=web) work background jobs. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so that no request is served without its method and id (and an outage's 503).
  const { stampEveryRequest } = await import("./lib/request/stamp-requests");
  stampEveryRequest();
  const { checkSettingsOrExit } = await import("./lib/check-settings-or-exit");
  checkSettingsOrExit();
  const { warmUpRateLimitStores } = await import("./lib/rate-limit/stores");
  const { readEnv } = await import("./lib/env");
  const { runsJobLoop } = await import("./lib/jobs/decide-jobs");
  await warmUpRateLimitStores();
  if (runsJobLoop(readEnv().JOBS_MODE, "web")) {
    const { startJobRunner } = await import("./lib/jobs/job-runner");
    startJobRunner();
  }
}

/** A request that failed because PostgreSQL is unreachable is answered 503, not 500 (see lib/request/database-outage.ts). */
export function onRequestError(error: unknown, request: { headers: Record<string, string | string[] | undefined> }) {
  reportOutageRequest(error, request.headers);
}
