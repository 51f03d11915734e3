import pg from "pg";
import { connectDatabase, type Db } from "@/lib/db";
import { freshDatabase, type TestDatabase } from "@/test/support/test-database";

/**
 * Databases of their own for tests that damage what they test (truncating the audit trail,
 * deleting its tail): one migrated template per file, cloned per test in a fraction of the
 * time a migration takes, each with the app role and the owner role as a deploy leaves them.
 */
export interface ScratchDatabase extends TestDatabase {
  /** Prisma as the app connects: the role that may only append to the audit trail. */
  app: Db;
  /** Plain SQL as the app's role, for what an attacker holding its credentials would try. */
  appSql: pg.Client;
  /** Plain SQL as the owner of the schema (a superuser in tests). */
  ownerSql: pg.Client;
  drop(): Promise<void>;
}

function serverUrl(): URL {
  const owner = process.env.DATABASE_OWNER_URL;
  if (!owner) throw new Error("DATABASE_OWNER_URL is not set: run integration tests through vitest's integration project.");
  const url = new URL(owner);
  url.pathname = "/postgres";
  return url;
}

export async function migratedTemplate(name: string): Promise<TestDatabase> {
  return freshDatabase({ adminUrl: serverUrl().toString(), stop: async () => undefined }, `${name}_${process.pid}`);
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl().toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

let clones = 0;

export async function cloneDatabase(template: TestDatabase): Promise<ScratchDatabase> {
  const templateName = new URL(template.ownerUrl).pathname.slice(1);
  const name = `${templateName}_c${++clones}`;
  const admin = new pg.Client({ connectionString: serverUrl().toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  } finally {
    await admin.end();
  }
  const rename = (url: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const urls = { url: rename(template.url), ownerUrl: rename(template.ownerUrl) };
  const appSql = new pg.Client({ connectionString: urls.url });
  const ownerSql = new pg.Client({ connectionString: urls.ownerUrl });
  await Promise.all([appSql.connect(), ownerSql.connect()]);
  const app = connectDatabase(urls.url);
  return {
    ...urls,
    app,
    appSql,
    ownerSql,
    async drop() {
      await Promise.all([app.$disconnect(), appSql.end(), ownerSql.end()].map((closing) => closing.catch(() => undefined)));
      await dropDatabase(urls.ownerUrl);
    },
  };
}
