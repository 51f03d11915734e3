/**
 * `npm run db:seed`: fills a development database with four weeks of realistic sign-in
 * history and an admin account (admin@example.com). Refuses any database that is not on
 * this machine unless given --force, and any database that already holds attempts.
 */
import { isLoopbackHost } from "../lib/env";
import { prepareRuntime } from "./support/runtime";

const force = process.argv.includes("--force");
const isLocal = (url: string) => isLoopbackHost(new URL(url).hostname);

// Checked before anything touches the database (prepareRuntime applies migrations).
if (process.env.DATABASE_URL && !isLocal(process.env.DATABASE_URL) && !force) {
  console.error(`Refusing to seed ${new URL(process.env.DATABASE_URL).host}: it is not a local database. Pass --force if you really mean it.`);
  process.exit(1);
}

const started = Date.now();
const runtime = await prepareRuntime({ withMailCatcher: false });
try {
  const databaseUrl = runtime.childEnv.DATABASE_URL!;
  if (!isLocal(databaseUrl) && !force) throw new Error("Refusing to seed a database that is not local (pass --force).");
  // lib/env reads these on first use, so they are set before the modules that use them load.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, AUTH_SECRET: runtime.childEnv.AUTH_SECRET });
  const { db } = await import("../lib/db");
  const existing = await db.loginAttempt.count();
  if (existing > 0 && !force) {
    throw new Error(`The database already holds ${existing} sign-in attempts; the seed only fills an empty one. Start from a fresh DATA_DIR (or drop the database), or pass --force to add more.`);
  }
  const { SeededRandom } = await import("./seed/random");
  const { demoHistory, ADMIN_EMAIL } = await import("./seed/demo-history");
  const { writeDemoHistory } = await import("./seed/write-demo-history");

  const history = demoHistory(new Date(), new SeededRandom(20261122));
  console.log(`Writing ${history.users.length} users, ${history.stories.length} sign-in attempts and ${history.sessions.length} live sessions…`);
  const { events } = await writeDemoHistory(history, console.log);
  const { verifyAuditChain } = await import("../lib/audit/verify-chain");
  const verdict = await verifyAuditChain(db);
  const levels = await db.loginAttempt.groupBy({ by: ["riskLevel"], _count: true });
  console.log(`Wrote ${events} audit events; chain ${verdict.intact ? `verified (${verdict.checked} events)` : `BROKEN at #${verdict.brokenAtSeq}`}.`);
  console.log(`Risk: ${levels.map((level) => `${level._count} ${level.riskLevel.toLowerCase()}`).join(", ")}; alerts: ${await db.alert.count()}.`);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Sign in as ${ADMIN_EMAIL} (role ADMIN) and open /admin.`);
  await db.$disconnect();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await runtime.stop();
}
