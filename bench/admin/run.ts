/**
 * `npm run bench:admin`: builds a separate database with 1 million sign-in attempts and
 * 10 million audit events, then times the admin console's queries (attempt timeline,
 * filtered attempt pages, the overview) and prints a table.
 *
 * Generating the data takes several minutes at full scale. Options:
 *   --attempts=N  attempts to generate (default 1000000; ten events each)
 *   --keep        leave the database in place afterwards (for inspection or --reuse)
 *   --reuse       use the database a --keep run left, when it holds the same number of attempts:
 *                 pending migrations are applied to it (their backfills run over the bench data)
 *                 and the app role's grants refreshed, instead of generating everything again
 *   --runs=N      timed runs per query (default 20; the overview runs a quarter as often, at least 5)
 */
import pg from "pg";
import { runPrisma } from "../../scripts/prisma";
import { grantAppRole } from "../../scripts/support/database-roles";
import { freshDatabase, startTestServer, TEST_APP_ROLE, type TestServer } from "../../test/support/test-database";
import { attemptId, generateBenchData } from "./generate-data";

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const attempts = Number(argument("attempts") ?? 1_000_000);
const runs = Number(argument("runs") ?? 20);
const keep = process.argv.includes("--keep") || process.argv.includes("--reuse");
const reuse = process.argv.includes("--reuse");
const DATABASE = "magic_link_admin_bench";

const server = await startTestServer(process.env.DATABASE_URL);
try {
  const { url, ownerUrl } = (reuse && (await reusableDatabase(server))) || (await generate(server));
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const busyIp = await owner.query<{ ip: string }>(`SELECT "requestIp" AS ip FROM "LoginAttempt" WHERE id = $1`, [
    attemptId(Math.ceil(attempts / 2)),
  ]);
  await owner.end();

  // lib/db reads DATABASE_URL on first use.
  process.env.DATABASE_URL = url;
  const { timeAdminQueries, printTimings } = await import("./time-queries");
  printTimings(await timeAdminQueries(attempts, { ip: busyIp.rows[0].ip }, runs));
  const { db } = await import("../../lib/db");
  await db.$disconnect();
  if (!keep) {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
  }
} finally {
  await server.stop();
}

function urls(server: TestServer) {
  const ownerUrl = new URL(server.adminUrl);
  ownerUrl.pathname = `/${DATABASE}`;
  const url = new URL(ownerUrl);
  url.username = TEST_APP_ROLE;
  url.password = TEST_APP_ROLE;
  return { url: url.toString(), ownerUrl: ownerUrl.toString() };
}

/** The kept database, migrated to the current schema, when it holds the requested scale; otherwise null. */
async function reusableDatabase(server: TestServer): Promise<{ url: string; ownerUrl: string } | null> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  await admin.end();
  if (!exists.rowCount) return null;
  const { url, ownerUrl } = urls(server);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "LoginAttempt"`).catch(() => ({ rows: [{ n: -1 }] }));
  await client.end();
  if (count.rows[0].n !== attempts) {
    console.log(
      `${DATABASE} holds ${count.rows[0].n.toLocaleString("en-US")} attempts, not ${attempts.toLocaleString("en-US")}: generating afresh.`,
    );
    return null;
  }
  const started = Date.now();
  console.log(`Reusing ${DATABASE} (${attempts.toLocaleString("en-US")} attempts); applying pending migrations…`);
  runPrisma(["migrate", "deploy"], { DATABASE_URL: ownerUrl });
  await grantAppRole(ownerUrl, TEST_APP_ROLE);
  const vacuum = new pg.Client({ connectionString: ownerUrl });
  await vacuum.connect();
  await vacuum.query("ANALYZE");
  await vacuum.end();
  console.log(`Migrated and analysed (ANALYZE) in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return { url, ownerUrl };
}

/** A fresh database with the bench data. Generated as the owner (it drops and rebuilds indexes, writes events directly); queried as the app. */
async function generate(server: TestServer): Promise<{ url: string; ownerUrl: string }> {
  const database = await freshDatabase(server, DATABASE);
  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  const started = Date.now();
  console.log(
    `Generating ${attempts.toLocaleString("en-US")} attempts and ${(attempts * 10).toLocaleString("en-US")} events in ${DATABASE}…`,
  );
  await generateBenchData(client, { users: Math.max(100, Math.round(attempts / 20)), attempts, chunk: 100_000 }, console.log);
  const size = await client.query<{ size: string }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size");
  console.log(`Data ready in ${((Date.now() - started) / 1000).toFixed(0)} s (database size ${size.rows[0].size}).`);
  await client.end();
  return database;
}
