import { describe, expect, it } from "vitest";
import { bearerToken, cronRouteWorks, hasTimeForAnotherBatch, JOBS_MODES, runsJobLoop, schedulesFor } from "./decide-jobs";
import { cronSecretMatches } from "./cron-secret";
import { JOB_QUEUE_MAINTENANCE, JOB_QUEUES } from "./job-queues";

describe("where jobs run", () => {
  it("web mode works jobs in the web process only; worker mode in npm run worker only; cron mode in neither", () => {
    const table = JOBS_MODES.map((mode) => [mode, runsJobLoop(mode, "web"), runsJobLoop(mode, "worker"), cronRouteWorks(mode)]);
    expect(table).toEqual([
      ["web", true, true, false],
      ["worker", false, true, false],
      ["cron", false, false, true],
    ]);
    expect(JOBS_MODES.some((mode) => runsJobLoop(mode, "cron-route"))).toBe(false);
  });
});

describe("schedules", () => {
  it("always sweep the outbox, sign checkpoints, apply retention and complete due factor resets; push the audit webhook only when one is configured", () => {
    expect(schedulesFor({ auditWebhook: false }).map((schedule) => schedule.queue)).toEqual([
      "deliver-outbox",
      "sign-checkpoint",
      "apply-retention",
      "complete-factor-resets",
    ]);
    expect(schedulesFor({ auditWebhook: true }).map((schedule) => schedule.queue)).toContain("push-audit-webhook");
  });

  it("name only queues that exist, with throttle slots the archive keeps (or a schedule would fire twice per period)", () => {
    const names = new Set(JOB_QUEUES.map((queue) => queue.name));
    for (const schedule of schedulesFor({ auditWebhook: true })) {
      expect(names.has(schedule.queue as never)).toBe(true);
      expect(schedule.everySeconds).toBeLessThan(JOB_QUEUE_MAINTENANCE.archiveCompletedAfterSeconds);
    }
  });

  it("retry a dead instance's job within a minute or two: expiry plus maintenance, for the jobs on the sign-in path", () => {
    const scoring = JOB_QUEUES.find((queue) => queue.name === "score-attempt")!;
    expect(scoring.expireInSeconds + JOB_QUEUE_MAINTENANCE.maintenanceIntervalSeconds).toBeLessThanOrEqual(60);
    expect(scoring.policy).toBe("stately");
  });
});

describe("hasTimeForAnotherBatch", () => {
  const run = { startedAt: 1_000, budgetMs: 25_000, slowestBatchMs: 0 };
  it("takes batches while the budget lasts", () => {
    expect(hasTimeForAnotherBatch(run, 1_000)).toBe(true);
    expect(hasTimeForAnotherBatch(run, 25_999)).toBe(true);
    expect(hasTimeForAnotherBatch(run, 26_000)).toBe(false);
    expect(hasTimeForAnotherBatch(run, 90_000)).toBe(false);
  });
  it("stops early when what is left would not cover the slowest batch so far", () => {
    expect(hasTimeForAnotherBatch({ ...run, slowestBatchMs: 5_000 }, 20_000)).toBe(true);
    expect(hasTimeForAnotherBatch({ ...run, slowestBatchMs: 5_000 }, 21_000)).toBe(false);
  });
  it("a zero budget runs nothing", () => {
    expect(hasTimeForAnotherBatch({ ...run, budgetMs: 0 }, 1_000)).toBe(false);
  });
});

describe("the cron route's secret", () => {
  const secret = "s".repeat(40);
  it("reads a bearer token", () => {
    expect(bearerToken(`Bearer ${secret}`)).toBe(secret);
    expect(bearerToken(`bearer ${secret}`)).toBe(secret);
    expect(bearerToken(`Basic ${secret}`)).toBeNull();
    expect(bearerToken(`Bearer`)).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
  it("matches only the configured secret, and nothing when none is configured", () => {
    expect(cronSecretMatches(`Bearer ${secret}`, secret)).toBe(true);
    expect(cronSecretMatches(`Bearer ${secret}x`, secret)).toBe(false);
    expect(cronSecretMatches(`Bearer ${secret.slice(1)}`, secret)).toBe(false);
    expect(cronSecretMatches(null, secret)).toBe(false);
    expect(cronSecretMatches("Bearer undefined", undefined)).toBe(false);
    expect(cronSecretMatches("Bearer ", "")).toBe(false);
  });
});
