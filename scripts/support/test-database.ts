import pg from "pg";
import path from "node:path";
import { startEmbeddedDatabase } from "./embedded-database";
import { runPrisma } from "../prisma";

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

/** Drops and re-creates a database, applies every migration, and returns its URL. */
export async function freshDatabase(server: TestServer, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  runPrisma(["migrate", "deploy"], { DATABASE_URL: url.toString() });
  return url.toString();
}
