import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { E2E_SHARED_ENV } from "../test/support/e2e-instances";
import { EXTRA_PORTS, freshSpecDatabase, instanceLog, RUN_SUFFIX, startExtraInstance } from "../test/support/e2e-instances-extra";
import { mailTo, waitForMail } from "./support/mailbox";
import { DESKTOP_CHROME, uniqueEmail, uniqueIp } from "./support/people";

/**
 * Background jobs live in PostgreSQL (pg-boss): an instance killed mid-job loses nothing, cron
 * mode works only when its route is called, and worker mode leaves the work to `npm run worker`.
 * The spec has a database of its own, so no other instance works its jobs.
 */
test.describe.configure({ mode: "serial" });

const CRON_SECRET = "cron-secret-for-the-e2e-run-0123456789";
let databaseUrl: string;
let database: pg.Pool;
/** Takes requests and enqueues jobs, never works them: the other instances' work is what the tests watch. */
let cronInstance: AppInstance;
const started: Array<{ stop(): Promise<void> }> = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseUrl = await freshSpecDatabase("background_jobs");
  database = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  cronInstance = await startExtraInstance("jobs-cron", EXTRA_PORTS.jobsCron, { DATABASE_URL: databaseUrl, JOBS_MODE: "cron", CRON_SECRET });
});

test.afterAll(async () => {
  await Promise.all([cronInstance, ...started].map((instance) => instance?.stop()));
  await database?.end();
});

async function requestSignIn(instance: AppInstance, email: string): Promise<string> {
  const asked = await fetch(`${instance.url}/api/sign-in/request`, {
    method: "POST",
    headers: { Origin: instance.url, "Content-Type": "application/json", "User-Agent": DESKTOP_CHROME, "X-Forwarded-For": uniqueIp() },
    body: JSON.stringify({ email }),
  });
  expect(asked.status).toBe(200);
  const { rows } = await database.query<{ id: string }>(`SELECT id FROM "LoginAttempt" WHERE email = $1`, [email]);
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

const scoringJob = async (attemptId: string) =>
  (
    await database.query<{ state: string; retry_count: number }>(
      `SELECT state, retry_count FROM pgboss.job WHERE name = 'score-attempt' AND singleton_key = $1`,
      [attemptId],
    )
  ).rows;
const outboxStatus = async (email: string) =>
  (await database.query<{ status: string }>(`SELECT status FROM "EmailOutbox" WHERE "to" = $1`, [email])).rows.map((row) => row.status);
const assessments = async (attemptId: string) =>
  Number(
    (await database.query(`SELECT count(*) AS n FROM "AuditEvent" WHERE "attemptId" = $1 AND type = 'risk.assessed'`, [attemptId])).rows[0]
      .n,
  );

/** Nothing has worked the attempt's jobs: its mail waits in the outbox, its scoring job in the queue. */
async function expectUnworked(email: string, attemptId: string) {
  expect(await outboxStatus(email)).toEqual(["PENDING"]);
  expect((await scoringJob(attemptId)).map((job) => job.state)).toEqual(["created"]);
  expect(await assessments(attemptId)).toBe(0);
  expect(mailTo(email)).toHaveLength(0);
}

async function enqueuedBy(instance: AppInstance, email: string): Promise<string> {
  const attemptId = await requestSignIn(instance, email);
  // The scoring job is added after the answer went out (Next.js after()).
  await expect.poll(async () => (await scoringJob(attemptId)).length).toBe(1);
  return attemptId;
}

const callCron = (authorization?: string, method = "POST") =>
  fetch(`${cronInstance.url}/api/cron/jobs`, { method, headers: authorization ? { Authorization: authorization } : {} });

test("cron mode: nothing is delivered or scored until the route is called with the secret; then it is", async () => {
  const email = uniqueEmail("jobs-cron");
  const attemptId = await enqueuedBy(cronInstance, email);
  await expectUnworked(email, attemptId);
  expect(instanceLog(cronInstance)).not.toContain("jobs.worker_started");

  for (const authorization of [
    undefined,
    "Bearer wrong-secret-wrong-secret-wrong-secret",
    `Basic ${CRON_SECRET}`,
    CRON_SECRET,
    `Bearer ${CRON_SECRET}x`,
  ]) {
    for (const method of ["POST", "GET"]) {
      const refused = await callCron(authorization, method);
      expect(refused.status, `${method} with ${authorization ?? "no header"}`).toBe(401);
      expect(await refused.json()).toMatchObject({ ok: false, code: "unauthorized" });
    }
  }
  await expectUnworked(email, attemptId);

  const ran = await callCron(`Bearer ${CRON_SECRET}`);
  expect(ran.status).toBe(200);
  const body = await ran.json();
  expect(body.ok).toBe(true);
  expect(body.ran["score-attempt"]).toBeGreaterThanOrEqual(1);
  expect(body.ran["deliver-outbox"]).toBeGreaterThanOrEqual(1);
  expect(await outboxStatus(email)).toEqual(["SENT"]);
  expect(await assessments(attemptId)).toBe(1);
  expect((await scoringJob(attemptId)).map((job) => job.state)).toEqual(["completed"]);
  expect(mailTo(email)).toHaveLength(1);
});

test("an instance killed while scoring an attempt loses nothing: another instance finishes the job", async () => {
  test.setTimeout(180_000);
  const email = uniqueEmail("jobs-kill-score");
  const attemptId = await enqueuedBy(cronInstance, email);
  await expectUnworked(email, attemptId);

  // Hold the attempt's row: scoring writes to it, so the job stays in flight as long as the test likes.
  const holder = await database.connect();
  let holding = true;
  try {
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "LoginAttempt" WHERE id = $1 FOR UPDATE`, [attemptId]);
    const doomed = await startExtraInstance("jobs-a", EXTRA_PORTS.jobsA, { DATABASE_URL: databaseUrl });
    await expect.poll(async () => (await scoringJob(attemptId)).map((job) => job.state), { timeout: 30_000 }).toEqual(["active"]);
    await killHard(doomed);
    await holder.query("ROLLBACK");
    holding = false;
  } finally {
    if (holding) await holder.query("ROLLBACK").catch(() => undefined);
    holder.release();
  }
  expect(await assessments(attemptId)).toBe(0);

  const survivor = await startExtraInstance("jobs-b", EXTRA_PORTS.jobsB, { DATABASE_URL: databaseUrl });
  try {
    // The dead instance's job expires (30 s) and is retried by the survivor.
    await expect.poll(() => assessments(attemptId), { timeout: 120_000, intervals: [1_000] }).toBe(1);
    await expect.poll(async () => (await scoringJob(attemptId)).map((job) => job.state)).toEqual(["completed"]);
    expect((await scoringJob(attemptId))[0].retry_count).toBeGreaterThanOrEqual(1);
    await waitForMail(email, { timeoutMs: 90_000 });
  } finally {
    await survivor.stop();
  }
});

test("an instance killed while delivering mail loses nothing: another instance sends it, once", async () => {
  test.setTimeout(180_000);
  const email = uniqueEmail("jobs-kill-mail");
  const attemptId = await enqueuedBy(cronInstance, email);
  await expectUnworked(email, attemptId);

  // An SMTP server that greets and then never answers: the delivering instance hangs mid-send.
  const hanging = await startHangingSmtp(EXTRA_PORTS.jobsHangingSmtp);
  try {
    const doomed = await startExtraInstance("jobs-a-mail", EXTRA_PORTS.jobsA, {
      DATABASE_URL: databaseUrl,
      EMAIL_SERVER: `smtp://127.0.0.1:${EXTRA_PORTS.jobsHangingSmtp}`,
    });
    await expect.poll(() => hanging.connections(), { timeout: 30_000 }).toBeGreaterThan(0);
    const { rows } = await database.query(`SELECT status, "lockedUntil" > now() AS leased FROM "EmailOutbox" WHERE "to" = $1`, [email]);
    expect(rows).toEqual([{ status: "PENDING", leased: true }]);
    await killHard(doomed);
  } finally {
    await hanging.close();
  }
  expect(mailTo(email)).toHaveLength(0);

  const survivor = await startExtraInstance("jobs-b-mail", EXTRA_PORTS.jobsB, { DATABASE_URL: databaseUrl });
  try {
    // The dead instance's lease on the message (60 s) runs out; the survivor's sweep sends it.
    await waitForMail(email, { timeoutMs: 120_000 });
    await expect.poll(() => outboxStatus(email)).toEqual(["SENT"]);
    expect(mailTo(email)).toHaveLength(1);
  } finally {
    await survivor.stop();
  }
});

test("worker mode: the web process only enqueues; npm run worker delivers and scores", async () => {
  test.setTimeout(180_000);
  const web = await startExtraInstance("jobs-worker-web", EXTRA_PORTS.jobsWorkerWeb, { DATABASE_URL: databaseUrl, JOBS_MODE: "worker" });
  started.push(web);
  const email = uniqueEmail("jobs-worker");
  const attemptId = await enqueuedBy(web, email);
  await expectUnworked(email, attemptId);
  expect(instanceLog(web)).not.toContain("jobs.worker_started");

  const worker = startWorker({
    ...E2E_SHARED_ENV,
    DATABASE_URL: databaseUrl,
    AUTH_URL: web.url,
    JOBS_MODE: "worker",
    NODE_ENV: "production",
  });
  try {
    await waitForMail(email, { timeoutMs: 60_000 });
    await expect.poll(() => assessments(attemptId), { timeout: 30_000 }).toBe(1);
    expect(await outboxStatus(email)).toEqual(["SENT"]);
  } finally {
    // SIGTERM lets running jobs finish, then the worker exits cleanly.
    expect(await stopWorker(worker)).toBe(0);
  }
});

async function killHard(instance: AppInstance): Promise<void> {
  await new Promise<void>((resolve) => {
    if (instance.process.exitCode !== null || instance.process.signalCode !== null) return resolve();
    instance.process.once("exit", () => resolve());
    instance.process.kill("SIGKILL");
  });
}

function startWorker(env: Record<string, string>): ChildProcess {
  const log = createWriteStream(path.join(".data", "logs", `jobs-worker${RUN_SUFFIX}.log`));
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("close", () => log.end());
  return child;
}

function stopWorker(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 20_000).unref();
  });
}

async function startHangingSmtp(port: number) {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.write("220 hanging.test ESMTP\r\n");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
