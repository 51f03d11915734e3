/**
 * End-to-end tests: a fresh database, a real SMTP server catching mail, production
 * instances of the app under the settings the specs need, and Playwright in Chromium.
 * Usage: npm run test:e2e [-- playwright arguments]
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { startMailCatcher } from "../lib/mail/catcher";
import { startAppInstance, type AppInstance } from "../test/support/app-instance";
import { buildIfNeeded } from "../test/support/build-if-needed";
import { CHROMIUM_INSTALL_HINT, findChromium } from "../test/support/find-chromium";
import { freshDatabase, startTestServer } from "../test/support/test-database";
import { E2E_DATABASE_NAME, E2E_INSTANCES, E2E_MAILBOX, E2E_REDIS_URL, E2E_SHARED_ENV, E2E_SMTP_PORT } from "../test/support/e2e-instances";

if (!findChromium()) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}

buildIfNeeded();
const server = await startTestServer(process.env.DATABASE_URL);
const database = await freshDatabase(server, E2E_DATABASE_NAME);
rmSync(E2E_MAILBOX, { recursive: true, force: true });
const catcher = await startMailCatcher({ port: E2E_SMTP_PORT, folder: E2E_MAILBOX, scriptedReplies: true });
await clearRedisDatabase();

const shared = { DATABASE_URL: database.url, ...E2E_SHARED_ENV };

const instances: AppInstance[] = [];
let exitCode = 1;
try {
  const started = Date.now();
  for (const instance of Object.values(E2E_INSTANCES)) {
    instances.push(await startAppInstance({ name: instance.name, port: instance.port, env: { ...shared, ...instance.env } }));
  }
  console.log(`Started ${instances.length} app instances in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  // Asynchronous on purpose: the SMTP catcher lives in this process and must keep answering.
  const playwright = spawn(
    process.execPath,
    [path.join("node_modules", "@playwright", "test", "cli.js"), "test", ...projectArguments(), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, E2E_DATABASE_URL: database.url, E2E_DATABASE_OWNER_URL: database.ownerUrl },
    },
  );
  exitCode = await new Promise<number>((resolve) => playwright.on("exit", (code) => resolve(code ?? 1)));
} finally {
  await Promise.all(instances.map((instance) => instance.stop()));
  await catcher.close();
  await server.stop();
}
process.exit(exitCode);

async function clearRedisDatabase() {
  const redis = new Redis(E2E_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } catch (error) {
    console.warn(`Redis at ${E2E_REDIS_URL} is not reachable (${(error as Error).message}); the Redis rate-limit spec will fail.`);
  } finally {
    redis.disconnect();
  }
}

/** E2E_PROJECT=flows runs only the ordinary flows (CI's second pass: the load specs ran in the first). */
function projectArguments(): string[] {
  return process.env.E2E_PROJECT ? [`--project=${process.env.E2E_PROJECT}`] : [];
}
