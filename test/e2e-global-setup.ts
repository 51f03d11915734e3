/**
 * Playwright's global setup for the end-to-end tests: a production build (when the sources are
 * newer), a fresh database, a real SMTP server catching mail, an empty Redis database and the
 * production instances the specs share. It returns the teardown that stops them all.
 *
 * It runs in Playwright's runner process, which stays alive until that teardown: the mail
 * catcher lives here and keeps answering while the tests run. Workers are forked after it,
 * with this process's environment, so the specs find the database in E2E_DATABASE_URL and
 * E2E_DATABASE_OWNER_URL.
 */
import { rmSync } from "node:fs";
import { Redis } from "ioredis";
import { startMailCatcher } from "../lib/mail/catcher";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import { buildIfNeeded } from "./support/build-if-needed";
import { CHROMIUM_INSTALL_HINT, findChromium } from "./support/find-chromium";
import { freshDatabase, startTestServer } from "./support/test-database";
import { E2E_DATABASE_NAME, E2E_INSTANCES, E2E_MAILBOX, E2E_REDIS_URL, E2E_SHARED_ENV, E2E_SMTP_PORT } from "./support/e2e-instances";

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!findChromium()) throw new Error(CHROMIUM_INSTALL_HINT);
  buildIfNeeded();

  const stops: Array<() => Promise<void>> = [];
  // In reverse order of starting: instances before the catcher and the database they use.
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const server = await startTestServer(process.env.DATABASE_URL);
    stops.push(() => server.stop());
    const database = await freshDatabase(server, E2E_DATABASE_NAME);
    rmSync(E2E_MAILBOX, { recursive: true, force: true });
    const catcher = await startMailCatcher({ port: E2E_SMTP_PORT, folder: E2E_MAILBOX, scriptedReplies: true });
    stops.push(() => catcher.close());
    await clearRedisDatabase();

    const shared = { DATABASE_URL: database.url, ...E2E_SHARED_ENV };
    const instances: AppInstance[] = [];
    stops.push(() => Promise.all(instances.map((instance) => instance.stop())).then(() => undefined));
    const started = Date.now();
    for (const instance of Object.values(E2E_INSTANCES)) {
      instances.push(await startAppInstance({ name: instance.name, port: instance.port, env: { ...shared, ...instance.env } }));
    }
    console.log(`Started ${instances.length} app instances in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    process.env.E2E_DATABASE_URL = database.url;
    process.env.E2E_DATABASE_OWNER_URL = database.ownerUrl;
  } catch (error) {
    // Playwright calls no teardown when the setup throws: never leave a server holding its port.
    await teardown();
    throw error;
  }
  return teardown;
}

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
