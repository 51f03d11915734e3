/**
 * `npm run bench` (add `-- --redis` for a Redis row; REDIS_URL set does the same): the request
 * benchmark with production settings. Builds this app and a stock Auth.js app
 * (baseline-authjs/) if their sources changed, starts both in production mode on fresh
 * databases of one PostgreSQL server (DATABASE_URL's, else an embedded one) with one SMTP sink
 * in its own process, and loads them from another process (autocannon, the same connections,
 * every request a new address and a new client IP through the trusted proxy header).
 *
 * Every limit is on (PostgreSQL store, then Redis when asked); the only setting changed from
 * the defaults is the global sign-in budget, sized to the load (see GLOBAL_BUDGET). A run with
 * limits off (BENCH_DISABLE_RATE_LIMITS) is the last, labelled row. Prints the tables and the
 * issue's goals as met / NOT met, and writes bench-results/bench-<timestamp>.json.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startAppInstance, type AppInstance } from "../../test/support/app-instance";
import { buildIfNeeded } from "../../test/support/build-if-needed";
import { freshDatabase, startTestServer } from "../../test/support/test-database";
import { buildBaselineIfNeeded, freshBaselineDatabase, startBaseline } from "./baseline";
import { outboxCounts, timeToAccepted, waitForOutbox, type DeliveryResult } from "./delivery";
import { describeEnvironment, peakRssMb, rssMb } from "./environment";
import { flowOutcome, prepareAttempts, type PreparedAttempt } from "./fixtures";
import { startMailSink } from "./mail-sink";
import type { LoadPlan, LoadResult, Scenario } from "./plan";
import { deliveryTable, goalChecks, goalLines, memoryTable, pathTable, type DeliveryRow, type MemoryFigures, type PathRow } from "./report";
import { ADDRESSES_PER_RUN, benchRecipient } from "./spread";

const started = Date.now();
const useRedis = process.argv.includes("--redis") || Boolean(process.env.REDIS_URL);
const SETTINGS = {
  connections: 50,
  durationSeconds: 10,
  warmUpSeconds: 2,
  /** How long the bench waits after a sign-in load for the outbox to drain (the figures say if it did not). */
  drainCapSeconds: 30,
  ports: { ours: await freePort(3390), stock: await freePort(3395), smtp: await freePort(2690) },
  redisUrl: useRedis ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : null,
};
/**
 * The global sign-in budget (RATE_LIMIT_GLOBAL, default 300/1m) is the one limit sized to the
 * service's capacity, not to one requester: the default would refuse all but 5 requests a
 * second of any load. Production sizes it to its traffic; the bench sizes it above its load so
 * it is counted on every request (as every other limit is) but is not what the figures measure.
 */
const GLOBAL_BUDGET = "1000000/1m";

// The fixtures are hashed and sealed in this process with our instance's secret and URL.
const AUTH_SECRET = `bench-${randomBytes(24).toString("hex")}`;
process.env.AUTH_SECRET = AUTH_SECRET;
process.env.AUTH_URL = `http://localhost:${SETTINGS.ports.ours}`;

buildIfNeeded();
buildBaselineIfNeeded();
/** Builds are cached (rebuilt only when sources change): the time budget is judged without them. */
const buildSeconds = (Date.now() - started) / 1000;
const runTag = randomBytes(3).toString("hex");
const scratch = mkdtempSync(path.join(os.tmpdir(), "magic-link-bench-"));
const server = await startTestServer(process.env.DATABASE_URL);
const { url: databaseUrl } = await freshDatabase(server, "magic_link_bench");
const baselineDatabaseUrl = await freshBaselineDatabase(server, "magic_link_bench_authjs");
const sink = await startMailSink(SETTINGS.ports.smtp);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
// Idle connections see the server go away when the embedded PostgreSQL stops at the end.
pool.on("error", () => undefined);

let loadRuns = 0;
const instances: AppInstance[] = [];

function ourSettings(extra: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    DATABASE_URL: databaseUrl,
    EMAIL_SERVER: `smtp://127.0.0.1:${SETTINGS.ports.smtp}`,
    EMAIL_FROM: "Bench <bench@acme.test>",
    AUTH_SECRET,
    REDIS_URL: undefined,
    BENCH_DISABLE_RATE_LIMITS: undefined,
    RATE_LIMIT_GLOBAL: GLOBAL_BUDGET,
    // The load generator plays the proxy: each request names its own client address.
    CLIENT_IP_SOURCE: "x-forwarded-for",
    TRUSTED_PROXIES: "127.0.0.1, ::1",
    ...extra,
  };
}

function startOurs(name: string, extra: Record<string, string | undefined>): Promise<AppInstance> {
  return startAppInstance({ name, port: SETTINGS.ports.ours, env: ourSettings(extra) });
}

try {
  const stock = await startBaseline({
    port: SETTINGS.ports.stock,
    databaseUrl: baselineDatabaseUrl,
    smtpPort: SETTINGS.ports.smtp,
    authSecret: AUTH_SECRET,
  });
  instances.push(stock);
  let ours = await startOurs("bench", {});
  instances.push(ours);

  const rows: PathRow[] = [];
  const deliveries: DeliveryRow[] = [];
  const memory: MemoryFigures[] = [];

  console.log(
    `\nFloors: GET /api/health/db (one trivial query), ${SETTINGS.warmUpSeconds} s warm-up, ${SETTINGS.durationSeconds} s measured`,
  );
  const stockFloor = await warmAndMeasure(stock.url, "floor");
  rows.push({ label: "floor GET /api/health/db", app: "stock", limits: "none (stock)", result: stockFloor });
  const ourFloor = await warmAndMeasure(ours.url, "floor");
  rows.push({ label: "floor GET /api/health/db", app: "ours", limits: "on (PostgreSQL)", result: ourFloor });

  console.log('Stock sign-in: signIn("nodemailer") in a route, mail sent inside the request');
  const stockSignIn = await signInLoad(stock, "stock", "POST", "/api/sign-in");
  rows.push({ label: "sign-in request", app: "stock", limits: "none (stock)", result: stockSignIn.result });
  deliveries.push({ label: "stock Auth.js", delivery: stockSignIn.delivery });
  memory.push({ label: "stock Auth.js (next start)", peakRssMb: null, rssAfterSignInRunsMb: [rssMb(stock.process.pid)] });

  console.log("Our sign-in: POST /api/sign-in/request, limits on (PostgreSQL), run 1 of 2");
  const ourRss: Array<number | null> = [];
  const signIn1 = await signInLoad(ours, "ours", "POST", "/api/sign-in/request");
  ourRss.push(rssMb(ours.process.pid));
  console.log("Our sign-in, run 2 of 2 (memory growth check)");
  const signIn2 = await signInLoad(ours, "ours", "POST", "/api/sign-in/request", false);
  ourRss.push(rssMb(ours.process.pid));
  rows.push({ label: "sign-in request (run 1)", app: "ours", limits: "on (PostgreSQL)", result: signIn1.result });
  rows.push({ label: "sign-in request (run 2)", app: "ours", limits: "on (PostgreSQL)", result: signIn2.result });
  deliveries.push(
    { label: "ours, PostgreSQL limits, run 1", delivery: signIn1.delivery },
    { label: "ours, PostgreSQL limits, run 2", delivery: signIn2.delivery },
  );

  const flows: Array<{ label: string; result: LoadResult; outcome: { redeemed: number; sessions: number } }> = [];
  for (const [scenario, label, steps] of [
    ["redeem-flow", "redemption (link open → session)", 3],
    ["code-flow", "code entry (→ session)", 2],
  ] as const) {
    // More prepared attempts than the flows the floor's rate would allow: none is taken twice.
    const prepared = Math.ceil(((Math.max(ourFloor.rps, stockFloor.rps) * 1.5) / steps) * SETTINGS.durationSeconds);
    const warmUp = await prepareAttempts(pool, Math.ceil(prepared / 4), nextAddressOffset(), `${scenario}-warm`);
    const attempts = await prepareAttempts(pool, prepared, nextAddressOffset(), scenario);
    console.log(`${label}: each flow takes a new prepared attempt through ${steps} requests (${prepared} prepared)`);
    await runLoad(flowPlan(ours.url, scenario, warmUp, SETTINGS.warmUpSeconds));
    const result = await runLoad(flowPlan(ours.url, scenario, attempts, SETTINGS.durationSeconds));
    if (result.requests >= attempts.length)
      throw new Error(`${label}: ${result.requests} flows used up all ${attempts.length} prepared attempts`);
    const outcome = await flowOutcome(pool, attempts);
    rows.push({ label, app: "ours", limits: "on (PostgreSQL)", result });
    flows.push({ label, result, outcome });
  }
  memory.push({
    label: "ours (standalone server), PostgreSQL limits",
    peakRssMb: peakRssMb(ours.process.pid),
    rssAfterSignInRunsMb: ourRss,
  });
  memory[0].peakRssMb = peakRssMb(stock.process.pid);

  const signInByStore: Array<{ store: string; result: LoadResult }> = [{ store: "PostgreSQL", result: signIn1.result }];
  const deliveryByStore: Array<{ store: string; delivery: DeliveryResult }> = [
    { store: "PostgreSQL run 1", delivery: signIn1.delivery },
    { store: "PostgreSQL run 2", delivery: signIn2.delivery },
  ];
  if (SETTINGS.redisUrl) {
    await ours.stop();
    ours = await startOurs("bench-redis", { REDIS_URL: SETTINGS.redisUrl, RATE_LIMIT_NAMESPACE: `bench-${runTag}` });
    instances.push(ours);
    console.log("Our sign-in, limits on (Redis)");
    const redis = await signInLoad(ours, "ours", "POST", "/api/sign-in/request");
    rows.push({ label: "sign-in request", app: "ours", limits: "on (Redis)", result: redis.result });
    deliveries.push({ label: "ours, Redis limits", delivery: redis.delivery });
    signInByStore.push({ store: "Redis", result: redis.result });
    deliveryByStore.push({ store: "Redis", delivery: redis.delivery });
    memory.push({
      label: "ours (standalone server), Redis limits",
      peakRssMb: peakRssMb(ours.process.pid),
      rssAfterSignInRunsMb: [rssMb(ours.process.pid)],
    });
  }

  // The production setting for a busy service: the web process only answers, `npm run worker`
  // (here one, on the same machine) sends the outbox and scores attempts on its own event loop.
  await ours.stop();
  ours = await startOurs("bench-worker-mode", { JOBS_MODE: "worker" });
  instances.push(ours);
  const worker = await startJobsWorker(ourSettings({ JOBS_MODE: "worker" }));
  console.log("Our sign-in, limits on (PostgreSQL), JOBS_MODE=worker: `npm run worker` sends the outbox");
  const workerMode = await signInLoad(ours, "ours", "POST", "/api/sign-in/request").finally(() => worker.stop());
  rows.push({ label: "sign-in request", app: "ours", limits: "on (PostgreSQL), JOBS_MODE=worker", result: workerMode.result });
  deliveries.push({ label: "ours, PostgreSQL, JOBS_MODE=worker", delivery: workerMode.delivery });
  deliveryByStore.push({ store: "PostgreSQL, JOBS_MODE=worker", delivery: workerMode.delivery });

  await ours.stop();
  ours = await startOurs("bench-limits-off", { BENCH_DISABLE_RATE_LIMITS: "true" });
  instances.push(ours);
  console.log("Extra: our sign-in with limits OFF (BENCH_DISABLE_RATE_LIMITS), for comparison only");
  const off = await signInLoad(ours, "ours", "POST", "/api/sign-in/request");
  rows.push({
    label: "sign-in request [extra]",
    app: "ours",
    limits: "OFF (BENCH_DISABLE_RATE_LIMITS, not production)",
    result: off.result,
  });
  deliveries.push({ label: "ours, limits OFF [extra]", delivery: off.delivery });
  memory.push({
    label: "ours (standalone server), limits OFF",
    peakRssMb: peakRssMb(ours.process.pid),
    rssAfterSignInRunsMb: [rssMb(ours.process.pid)],
  });

  const reference = { stockSignInRps: stockSignIn.result.rps, ourFloorP95: ourFloor.latencyMs.p95 };
  console.log(
    `\nPaths (${SETTINGS.connections} connections; flows: latency from the first request to the session)\n${pathTable(rows, reference)}`,
  );
  for (const flow of flows) {
    const steps = (flow.result.steps ?? [])
      .map((s) => `${s.step} p50 ${s.latencyMs.p50.toFixed(0)} / p95 ${s.latencyMs.p95.toFixed(0)} ms`)
      .join("; ");
    console.log(
      `  ${flow.label}: ${flow.result.requests} flows, ${flow.outcome.redeemed} attempts redeemed, ${flow.outcome.sessions} sessions, ` +
        `${flow.result.failedRedirects ?? 0} redirects to a failure page; steps: ${steps}`,
    );
  }
  console.log(
    `\nTime from request to SMTP-accepted, every request of each sign-in load (drain capped at ${SETTINGS.drainCapSeconds} s)\n${deliveryTable(deliveries)}`,
  );
  console.log(`\nMemory\n${memoryTable(memory)}`);

  const environment = await describeEnvironment(pool);
  const settings = {
    ...SETTINGS,
    database: process.env.DATABASE_URL ? "PostgreSQL server from DATABASE_URL (fresh databases)" : "embedded PostgreSQL (fresh databases)",
    rateLimits: `every limit on, defaults except RATE_LIMIT_GLOBAL=${GLOBAL_BUDGET}; store PostgreSQL${SETTINGS.redisUrl ? ", then Redis" : ""}; one extra run with BENCH_DISABLE_RATE_LIMITS=true (labelled)`,
    clientAddresses:
      "a new IPv4 address per request from 8 public /8s (X-Forwarded-For, TRUSTED_PROXIES=127.0.0.1, ::1); a new recipient per sign-in",
    ours: "standalone server (.next/standalone/server.js), JOBS_MODE=web (the outbox is sent by the web process), then JOBS_MODE=worker with one `npm run worker` on the same machine",
    stock: "next start of bench/requests/baseline-authjs (Auth.js Nodemailer provider + @auth/prisma-adapter, mail sent in-request)",
    loadGenerator: "autocannon in a child process, loopback, keep-alive; SMTP sink in its own process",
  };
  const totalSeconds = (Date.now() - started) / 1000;
  const goals = goalChecks({
    rows,
    stockFloor,
    stockSignIn: stockSignIn.result,
    ourFloor,
    signIn: signInByStore,
    flows: flows.map(({ label, result }) => ({ label, result })),
    deliveries: deliveryByStore,
    memory: { rssAfterFirstMb: ourRss[0], rssAfterSecondMb: ourRss[1] },
    benchSeconds: totalSeconds - buildSeconds,
  });
  console.log(
    `\nVersions: ${Object.entries(environment.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}`,
  );
  console.log(
    `Machine: ${environment.machine.cpu}, ${environment.machine.cores} cores, ${environment.machine.memoryGb} GB, ${environment.machine.os}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(`Settings: ${JSON.stringify(settings)}`);
  console.log(`\nGoals (issue #13):\n${goalLines(goals)}`);

  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const report = {
    ...environment,
    settings,
    paths: rows.map((row) => ({
      ...row,
      ratios: {
        rpsVsStockSignIn: row.result.rps / reference.stockSignInRps,
        p95VsOurFloor: row.result.latencyMs.p95 / reference.ourFloorP95,
        p99OverP95: row.result.latencyMs.p99 / row.result.latencyMs.p95,
      },
    })),
    flows,
    deliveries,
    memory,
    goals,
    totalSeconds,
    buildSeconds,
  };
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(
    `\nResults written to ${file} (${totalSeconds.toFixed(0)} s in all, of which ${buildSeconds.toFixed(0)} s checking or building)`,
  );
} finally {
  for (const instance of instances) await instance.stop();
  await pool.end();
  await sink.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** A run's own slice of client addresses (spread.ts). */
function nextAddressOffset(): number {
  return loadRuns++ * ADDRESSES_PER_RUN;
}

function plan(url: string, scenario: Scenario, method: "GET" | "POST", requestPath: string, durationSeconds: number): LoadPlan {
  return {
    scenario,
    runId: `${runTag}${loadRuns}`,
    url,
    method,
    path: requestPath,
    headers: method === "POST" ? { Origin: url, "Content-Type": "application/json" } : {},
    connections: SETTINGS.connections,
    durationSeconds,
    addressOffset: nextAddressOffset(),
    attempts: [],
  };
}

function flowPlan(url: string, scenario: "redeem-flow" | "code-flow", attempts: PreparedAttempt[], durationSeconds: number): LoadPlan {
  return { ...plan(url, scenario, "POST", "", durationSeconds), headers: { Origin: url }, attempts };
}

async function warmAndMeasure(url: string, scenario: "floor"): Promise<LoadResult> {
  await runLoad(plan(url, scenario, "GET", "/api/health/db", SETTINGS.warmUpSeconds));
  return runLoad(plan(url, scenario, "GET", "/api/health/db", SETTINGS.durationSeconds));
}

/**
 * One sign-in load (after a warm-up unless told otherwise), then the time from each request
 * to its message being accepted by the sink: ours queues mail in the outbox (backlog read the
 * moment the load stops, then drained up to the cap); the stock app sends inside the request.
 */
async function signInLoad(
  app: AppInstance,
  kind: "ours" | "stock",
  method: "POST",
  requestPath: string,
  warmUp = true,
): Promise<{ result: LoadResult; delivery: DeliveryResult }> {
  if (warmUp) await runLoad(plan(app.url, "sign-in-request", method, requestPath, SETTINGS.warmUpSeconds));
  const measured = plan(app.url, "sign-in-request", method, requestPath, SETTINGS.durationSeconds);
  measured.sendLogFile = path.join(scratch, `sends-${measured.runId}.json`);
  const prefix = benchRecipient(measured.runId, 0).replace(/0@.*$/, "");
  const result = await runLoad(measured);
  const loadEndedAt = Date.now();
  const backlog = kind === "ours" ? await outboxCounts(pool, prefix) : null;
  const drainSeconds = kind === "ours" ? await waitForOutbox(pool, prefix, SETTINGS.drainCapSeconds * 1000) : await settle(2_000);
  const sends = JSON.parse(readFileSync(measured.sendLogFile, "utf8")) as Array<[string, number]>;
  const accepted = await sink.acceptedSince(prefix);
  const answered2xx = Object.entries(result.statusCounts)
    .filter(([status]) => status.startsWith("2"))
    .reduce((sum, [, count]) => sum + count, 0);
  // Stock sends in-request: requests still in flight when the load stopped may have sent theirs too.
  const expected = kind === "ours" ? (await outboxCounts(pool, prefix)).queued : Math.max(answered2xx, accepted.size);
  const delivery: DeliveryResult = {
    ...timeToAccepted({ sends, accepted, expected, loadEndedAt }),
    drainSeconds,
    outboxBacklogAtLoadEnd: backlog ? backlog.pendingAll : null,
  };
  if (kind === "ours" && expected < answered2xx) {
    console.log(`  ${answered2xx - expected} sign-in requests answered 2xx queued no mail (refused silently by a limit, or a decoy)`);
  }
  return { result, delivery };
}

async function settle(ms: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ms / 1000;
}

/** Runs one load plan in a separate Node.js process and returns its figures. */
async function runLoad(loadPlan: LoadPlan): Promise<LoadResult> {
  const planFile = path.join(scratch, `${loadPlan.scenario}-${loadPlan.runId}.json`);
  writeFileSync(planFile, JSON.stringify(loadPlan));
  const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "requests", "load.ts"), planFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`load run "${loadPlan.scenario}" failed with exit code ${code}`);
  return JSON.parse(output.trim().split("\n").at(-1)!) as LoadResult;
}

/** The first port from `start` up that nothing listens on (several benches may share a machine). */
async function freePort(start: number): Promise<number> {
  for (let port = start; port < start + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${start}..${start + 49}`);
}

/** `npm run worker` with the given settings, as a deployment runs it beside the web servers. */
async function startJobsWorker(env: Record<string, string | undefined>): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts")], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`npm run worker exited with code ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Worker started")) resolve();
    });
  });
  child.removeAllListeners("exit");
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
