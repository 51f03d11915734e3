/**
 * `npm run bench:admin`: builds a separate database with 1 million sign-in attempts and
 * 10 million audit events, then times the admin console's queries (attempt timeline,
 * filtered attempt pages, the overview) and prints a table. Takes several minutes.
 * Options: --attempts=N (default 1000000), --keep (leave the database for inspection).
 */
import pg from "pg";
import { freshDatabase, startTestServer } from "./support/test-database";

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const attempts = Number(argument("attempts") ?? 1_000_000);
const keep = process.argv.includes("--keep");
const DATABASE = "magic_link_admin_bench";

const server = await startTestServer(process.env.DATABASE_URL);
try {
  // Generated as the owner (it drops and rebuilds indexes, writes events directly); queried as the app.
  const { url, ownerUrl } = await freshDatabase(server, DATABASE);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const started = Date.now();
  console.log(`Generating ${attempts.toLocaleString("en-US")} attempts and ${(attempts * 10).toLocaleString("en-US")} events in ${DATABASE}…`);
  const { attemptId, generateBenchData } = await import("./bench-admin/generate-data");
  await generateBenchData(client, { users: Math.max(100, Math.round(attempts / 20)), attempts, chunk: 100_000 }, console.log);
  const size = await client.query<{ size: string }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size");
  console.log(`Data ready in ${((Date.now() - started) / 1000).toFixed(0)} s (database size ${size.rows[0].size}).`);
  const busyIp = await client.query<{ ip: string }>(`SELECT "requestIp" AS ip FROM "LoginAttempt" WHERE id = $1`, [attemptId(Math.ceil(attempts / 2))]);
  await client.end();

  // lib/db reads DATABASE_URL on first use.
  process.env.DATABASE_URL = url;
  const { timeAdminQueries, printTimings } = await import("./bench-admin/time-queries");
  printTimings(await timeAdminQueries(attempts, { ip: busyIp.rows[0].ip }));
  const { db } = await import("../lib/db");
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
