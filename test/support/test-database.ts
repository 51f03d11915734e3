import pg from "pg";
import path from "node:path";
import { startEmbeddedDatabase } from "../../scripts/support/embedded-database";
import { runPrisma } from "../../scripts/prisma";
import { grantAppRole } from "../../scripts/support/database-roles";
import { installJobQueue } from "../../scripts/support/job-queue-schema";

export interface TestServer {
  /** URL of a server-level database to run CREATE/DROP DATABASE through. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server the tests use: the one DATABASE_URL points at when it is set
 * (its own database is never touched; tests get fresh ones beside it), otherwise an
 * embedded server with its data under .data/test-postgres.
 */
export async function startTestServer(databaseUrl: string | undefined): Promise<TestServer> {
  if (databaseUrl) {
    const admin = new URL(databaseUrl);
    admin.pathname = "/postgres";
    return { adminUrl: admin.toString(), stop: async () => undefined };
  }
  // TEST_POSTGRES_PORT lets two test runs share a machine. The default is below Linux's
  // ephemeral range (32768-60999), where a client connection can hold the port at any time.
  const port = Number(process.env.TEST_POSTGRES_PORT ?? 25439);
  const embedded = await startEmbeddedDatabase({ dataDir: path.join(".data", `test-postgres-${port}`), port, database: "postgres" });
  return { adminUrl: embedded.url, stop: embedded.stop };
}

/** A test database: the app connects with `url` (a role that may only append to the audit trail); migrations ran with `ownerUrl`. */
export interface TestDatabase {
  url: string;
  ownerUrl: string;
}

/** The login role tests run the app as; created once per server, never a superuser. */
export const TEST_APP_ROLE = "magic_link_app";

/**
 * Drops and re-creates a database, applies every migration as the server's own user (the
 * owner), and grants the test app role the app's privileges, as a production deploy step does.
 */
export async function freshDatabase(server: TestServer, name: string): Promise<TestDatabase> {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    await ensureTestAppRole(client);
  } finally {
    await client.end();
  }
  const ownerUrl = new URL(server.adminUrl);
  ownerUrl.pathname = `/${name}`;
  runPrisma(["migrate", "deploy"], { DATABASE_URL: ownerUrl.toString() });
  await installJobQueue(ownerUrl.toString());
  await grantAppRole(ownerUrl.toString(), TEST_APP_ROLE);
  const url = new URL(ownerUrl);
  url.username = TEST_APP_ROLE;
  url.password = TEST_APP_ROLE;
  return { url: url.toString(), ownerUrl: ownerUrl.toString() };
}

/**
 * Roles belong to the whole server, which parallel test runs share (CI's PostgreSQL at
 * 127.0.0.1:5432): creating it must be idempotent and survive two runs racing to create it.
 */
async function ensureTestAppRole(client: pg.Client): Promise<void> {
  const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [TEST_APP_ROLE]);
  if (exists.rowCount) return;
  try {
    await client.query(`CREATE ROLE ${TEST_APP_ROLE} LOGIN PASSWORD '${TEST_APP_ROLE}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  } catch (error) {
    // 42710 duplicate_object, or 23505 when the other run's CREATE committed while ours ran.
    const code = (error as { code?: string }).code;
    if (code !== "42710" && code !== "23505") throw error;
  }
}
