/**
 * `npm run bench`: builds the app if needed, starts one production instance on a fresh
 * PostgreSQL database (the server in DATABASE_URL, else the embedded one) with a local SMTP
 * catcher, and drives it from a separate process (autocannon, 100 connections, loopback):
 * a floor route with one trivial query, the sign-in request and link redemption. Prints a
 * table and writes bench-results/bench-<timestamp>.json. Rate limits are off for this
 * instance only, through BENCH_DISABLE_RATE_LIMITS; nothing else differs from production.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startMailCatcher } from "../../lib/mail/catcher";
import { startAppInstance } from "../../scripts/support/app-instance";
import { buildIfNeeded } from "../../scripts/support/build-if-needed";
import { freshDatabase, startTestServer } from "../../scripts/support/test-database";
import { measureDelivery, requestToAcceptedOneAtATime } from "./delivery";
import { describeEnvironment, peakRssMb } from "./environment";
import { createRedeemableAttempts, redeemedCount } from "./fixtures";
import type { LoadPlan, LoadResult } from "./plan";
import { goals, pathRows, printTable } from "./report";

const SETTINGS = { connections: 100, durationSeconds: 15, warmUpSeconds: 3, port: 3190, smtpPort: 2626, prismaPoolMax: 20 };
// The fixtures below are hashed in this process with the instance's secret.
const AUTH_SECRET = `bench-${randomBytes(24).toString("hex")}`;
process.env.AUTH_SECRET = AUTH_SECRET;

const started = Date.now();
buildIfNeeded();
const scratch = mkdtempSync(path.join(os.tmpdir(), "magic-link-bench-"));
const server = await startTestServer(process.env.DATABASE_URL);
const { url: databaseUrl } = await freshDatabase(server, "magic_link_bench");
const catcher = await startMailCatcher({ port: SETTINGS.smtpPort, folder: path.join(scratch, "mailbox") });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
// Idle connections see the server go away when the embedded PostgreSQL stops at the end.
pool.on("error", () => undefined);
const app = await startAppInstance({
  name: "bench",
  port: SETTINGS.port,
  env: {
    DATABASE_URL: databaseUrl,
    EMAIL_SERVER: `smtp://127.0.0.1:${SETTINGS.smtpPort}`,
    EMAIL_FROM: "Bench <bench@acme.test>",
    AUTH_SECRET,
    BENCH_DISABLE_RATE_LIMITS: "true",
    REDIS_URL: undefined,
    // The load generator plays the proxy: each request names its own client address.
    CLIENT_IP_SOURCE: "x-forwarded-for",
    TRUSTED_PROXIES: "127.0.0.1, ::1",
  },
});

try {
  const origin = { Origin: app.url };
  const base = { runId: randomBytes(4).toString("hex"), url: app.url, connections: SETTINGS.connections, attempts: [] };
  const floorPlan: LoadPlan = {
    ...base,
    scenario: "floor",
    method: "GET",
    path: "/api/health/db",
    headers: {},
    durationSeconds: SETTINGS.durationSeconds,
  };
  const signInPlan: LoadPlan = {
    ...base,
    scenario: "sign-in-request",
    method: "POST",
    path: "/api/sign-in/request",
    headers: { ...origin, "Content-Type": "application/json" },
    durationSeconds: SETTINGS.durationSeconds,
  };

  console.log(`\nFloor: GET /api/health/db (${SETTINGS.warmUpSeconds} s warm-up, ${SETTINGS.durationSeconds} s measured)`);
  await runLoad({ ...floorPlan, durationSeconds: SETTINGS.warmUpSeconds });
  const floor = await runLoad(floorPlan);

  console.log("Sign-in request: POST /api/sign-in/request, a new address each time");
  await runLoad({ ...signInPlan, runId: `${base.runId}w`, durationSeconds: SETTINGS.warmUpSeconds });
  const signIn = await runLoad(signInPlan);
  console.log("Waiting for the mail outbox to drain…");
  const delivery = await measureDelivery(pool, path.join(scratch, "mailbox"));
  delivery.requestToAcceptedOneAtATimeMs = await requestToAcceptedOneAtATime(pool, app.url, 20);

  // Enough prepared attempts for about the same measuring time as the other paths.
  const amount = Math.min(8_000, Math.max(1_000, Math.round(signIn.rps * SETTINGS.durationSeconds)));
  const warmUp = await createRedeemableAttempts(pool, 300);
  const attempts = await createRedeemableAttempts(pool, amount, warmUp.length);
  const redeemPlan: LoadPlan = {
    ...base,
    scenario: "redeem",
    method: "POST",
    path: "/api/sign-in/redeem",
    headers: { ...origin, "Content-Type": "application/x-www-form-urlencoded" },
    durationSeconds: 0,
  };
  console.log(`Redemption: POST /api/sign-in/redeem, ${amount} prepared attempts, each redeemed once`);
  await runLoad({ ...redeemPlan, attempts: warmUp, amount: warmUp.length });
  const redeem = await runLoad({ ...redeemPlan, attempts, amount });
  const redeemed = await redeemedCount(
    pool,
    attempts.map((a) => a.id),
  );

  const rows = pathRows(floor, [
    ["floor GET /api/health/db", floor],
    ["sign-in request", signIn],
    ["redemption (303)", redeem],
  ]);
  const peakRss = peakRssMb(app.process.pid!);
  printTable(rows, delivery, peakRss);
  console.log(`Redemptions that created a sign-in grant: ${redeemed} of ${amount}`);
  const environment = await describeEnvironment(pool);
  const settings = {
    ...SETTINGS,
    database: process.env.DATABASE_URL ? "PostgreSQL server from DATABASE_URL (fresh database)" : "embedded PostgreSQL (fresh database)",
    rateLimits: "disabled for this instance (BENCH_DISABLE_RATE_LIMITS=true)",
    loadGenerator: "autocannon in a child process, loopback, keep-alive",
  };
  const outcome = goals(rows);
  console.log(
    `\nVersions: ${Object.entries(environment.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}`,
  );
  console.log(
    `Machine: ${environment.machine.cpu}, ${environment.machine.cores} cores, ${environment.machine.memoryGb} GB, ${environment.machine.os}`,
  );
  console.log(`Settings: ${JSON.stringify(settings)}`);
  console.log(
    `Goals: each auth path's p95 within 3× the floor's: ${outcome.withinThreeTimesFloorP95 ? "met" : "NOT met"}; no errors at ${SETTINGS.connections} connections: ${outcome.noErrors ? "met" : "NOT met"}`,
  );

  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const report = {
    ...environment,
    settings,
    paths: rows,
    delivery,
    redeemed,
    peakRssMb: peakRss,
    goals: outcome,
    totalSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`Results written to ${file} (${report.totalSeconds.toFixed(0)} s in all)`);
} finally {
  await app.stop();
  await pool.end();
  await catcher.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** Runs one load plan in a separate Node.js process and returns its figures. */
async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const planFile = path.join(scratch, `${plan.scenario}-${Date.now()}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "requests", "load.ts"), planFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`load run "${plan.scenario}" failed with exit code ${code}`);
  return JSON.parse(output.trim().split("\n").at(-1)!) as LoadResult;
}
