import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { enqueueJob, jobQueue } from "./job-queue";
import { JOB_QUEUE_SCHEMA } from "./job-queues";
import { fireSchedules, runDueJobs } from "./job-runner";

// The test plays "the other instance" with direct SQL as the owner role; the code under test runs as the app's role.
const owner = new pg.Pool({ connectionString: process.env.DATABASE_OWNER_URL, max: 2 });
process.env.JOBS_MODE = "cron";
resetEnvCache();

afterAll(async () => {
  await (await jobQueue()).stop({ graceful: false });
  await owner.end();
});

// Other test files' sign-ins queue scoring jobs of their own (the lifecycle functions do): this
// file's runs and takes must find only the jobs its tests add.
beforeEach(async () => {
  await owner.query(`DELETE FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = 'score-attempt'`);
});

async function newAttempt() {
  return db.loginAttempt.create({
    data: {
      email: `jobs-${randomBytes(4).toString("hex")}@jobs.test`,
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash: `binding-${randomBytes(4).toString("hex")}`,
      requestIp: "10.9.8.7",
      requestUserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
}

async function jobsOf(queue: string, key: string) {
  const { rows } = await owner.query<{ id: string; state: string; retry_count: number }>(
    `SELECT id, state, retry_count FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on`,
    [queue, key],
  );
  return rows;
}

const assessments = (attemptId: string) => db.auditEvent.count({ where: { attemptId, type: "risk.assessed" } });

describe("the job queue (pg-boss) as the app's role", () => {
  it("adds one waiting scoring job per attempt however often it is asked, and a run scores the attempt", async () => {
    const attempt = await newAttempt();
    await Promise.all([1, 2, 3].map(() => enqueueJob("score-attempt", { attemptId: attempt.id }, { key: attempt.id })));
    expect((await jobsOf("score-attempt", attempt.id)).map((job) => job.state)).toEqual(["created"]);
    expect(await assessments(attempt.id)).toBe(0);

    const ran = await runDueJobs(10_000);
    expect(ran["score-attempt"]).toBeGreaterThanOrEqual(1);
    expect(await assessments(attempt.id)).toBe(1);
    expect((await jobsOf("score-attempt", attempt.id)).map((job) => job.state)).toEqual(["completed"]);
  });

  it("a job taken by an instance that died mid-job is failed at its expiry and finished by another run", async () => {
    const attempt = await newAttempt();
    await enqueueJob("score-attempt", { attemptId: attempt.id }, { key: attempt.id });
    // The instance that dies: takes the job (active) and never finishes it.
    const [taken] = await (
      await jobQueue()
    )
      .fetch("score-attempt", { batchSize: 50 })
      .then((jobs) => jobs.filter((job) => (job.data as { attemptId: string }).attemptId === attempt.id));
    expect(taken).toBeDefined();
    expect((await jobsOf("score-attempt", attempt.id))[0].state).toBe("active");
    // Not expired yet: another run leaves it alone.
    await runDueJobs(5_000);
    expect(await assessments(attempt.id)).toBe(0);
    expect((await jobsOf("score-attempt", attempt.id))[0].state).toBe("active");

    // Its expiry (30 s) passes.
    await owner.query(`UPDATE ${JOB_QUEUE_SCHEMA}.job SET started_on = now() - interval '31 seconds' WHERE id = $1`, [taken.id]);
    await expect.poll(async () => (await runDueJobs(5_000), assessments(attempt.id)), { timeout: 20_000, interval: 500 }).toBe(1);
    const [job] = await jobsOf("score-attempt", attempt.id);
    expect(job).toMatchObject({ state: "completed", retry_count: 1 });
  });

  it("a run whose budget is spent takes no job: the job waits for the next run", async () => {
    const attempt = await newAttempt();
    await enqueueJob("score-attempt", { attemptId: attempt.id }, { key: attempt.id });
    expect(await runDueJobs(0)).toEqual({});
    expect((await jobsOf("score-attempt", attempt.id)).map((job) => job.state)).toEqual(["created"]);
    await runDueJobs(10_000);
    expect(await assessments(attempt.id)).toBe(1);
  });

  it("schedules are throttled in the database: firing twice in one period adds one job", async () => {
    const boss = await jobQueue();
    await owner.query(`DELETE FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = 'apply-retention'`);
    await fireSchedules(boss);
    await fireSchedules(boss);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = 'apply-retention'`);
    expect(rows[0].n).toBe(1);
  });

  it("the app's role may add and work jobs but not change the queue's tables", async () => {
    const app = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await app.connect();
    try {
      await expect(app.query(`CREATE TABLE ${JOB_QUEUE_SCHEMA}.intruder (id int)`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DROP TABLE ${JOB_QUEUE_SCHEMA}.job`)).rejects.toThrow(/must be owner|permission denied/);
      await expect(app.query(`TRUNCATE ${JOB_QUEUE_SCHEMA}.job`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
