import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, migratedTemplate } from "@/test/integration/scratch-database";
import type { TestDatabase } from "@/test/support/test-database";

let database: TestDatabase;
let sql: pg.Client;

beforeAll(async () => {
  database = await migratedTemplate("db_seed_script");
  sql = new pg.Client({ connectionString: database.ownerUrl });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  if (database) await dropDatabase(database.ownerUrl);
});

/** `npm run db:seed` as a developer runs it, against this file's database. */
function seed(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/db-seed.ts", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "db-seed-")),
      NODE_ENV: "development",
    },
    encoding: "utf8",
  });
}

describe("npm run db:seed", () => {
  it("seeds beside a developer's own first sign-ins, then refuses a second run with a non-zero status", { timeout: 180_000 }, async () => {
    // The README's order: the developer tried the app first, as admin@example.com, before seeding.
    const own = await sql.query(
      `INSERT INTO "User" (id, email, role, "updatedAt") VALUES ('own-admin', 'admin@example.com', 'USER', now()) RETURNING id`,
    );
    await sql.query(
      `INSERT INTO "LoginAttempt" (id, email, "userId", "linkTokenHash", "codeHash", "bindingHash", "expiresAt")
       VALUES ('own-1', 'admin@example.com', 'own-admin', 'l1', 'c1', 'b1', now()), ('own-2', 'admin@example.com', 'own-admin', 'l2', 'c2', 'b2', now())`,
    );

    const first = seed("--people=5");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/chain verified/);
    const admin = await sql.query(`SELECT id, role FROM "User" WHERE email = 'admin@example.com'`);
    expect(admin.rows).toEqual([{ id: own.rows[0].id, role: "ADMIN" }]);
    const attempts = await sql.query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE "userId" = 'own-admin'`);
    expect(attempts.rows[0].n).toBeGreaterThan(2);

    const second = seed("--people=5");
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/already holds the demo history/);
  });
});
