/**
 * `npm test`: unit, integration (real PostgreSQL) and end-to-end (real SMTP, real Chromium)
 * tests, in that order. Uses the PostgreSQL server in DATABASE_URL when it is set (in fresh
 * databases beside its own), otherwise an embedded one. Ends with one summary line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { freshDatabase, startTestServer } from "./support/test-database";

const reports = path.join(".data", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0 };
let failedStage: string | null = null;

function run(stage: string, command: string[], env: Record<string, string | undefined> = {}) {
  console.log(`\n=== ${stage} ===`);
  const started = Date.now();
  const result = spawnSync(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${stage}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (result.status !== 0) failedStage ??= stage;
}

/** Adds a stage's counts; a failed test fails its stage even if the runner's exit code said otherwise. */
function count(stage: string, passed: number, failed: number) {
  totals.passed += passed;
  totals.failed += failed;
  if (failed > 0) failedStage ??= stage;
}

function countVitest(stage: string, file: string) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  count(stage, report.numPassedTests ?? 0, report.numFailedTests ?? 0);
}

const vitest = (project: string, file: string) => [
  "npx",
  "vitest",
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${file}`,
];

run("unit tests", vitest("unit", path.join(reports, "unit.json")));
countVitest("unit tests", path.join(reports, "unit.json"));

const server = await startTestServer(process.env.DATABASE_URL);
try {
  const database = await freshDatabase(server, "magic_link_integration");
  run("integration tests", vitest("integration", path.join(reports, "integration.json")), {
    TEST_DATABASE_URL: database.url,
    TEST_DATABASE_OWNER_URL: database.ownerUrl,
  });
  countVitest("integration tests", path.join(reports, "integration.json"));
} finally {
  await server.stop();
}

const playwrightReport = path.join(reports, "e2e.json");
run("end-to-end tests", ["npx", "playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
if (existsSync(playwrightReport)) {
  const stats = JSON.parse(readFileSync(playwrightReport, "utf8")).stats ?? {};
  count("end-to-end tests", (stats.expected ?? 0) + (stats.flaky ?? 0), stats.unexpected ?? 0);
  if (stats.flaky) console.log(`${stats.flaky} end-to-end test(s) passed only on retry (flaky): see the list above.`);
}

console.log(`\n${failedStage ? `FAILED at ${failedStage}` : "All test stages passed"}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedStage ? 1 : 0);
