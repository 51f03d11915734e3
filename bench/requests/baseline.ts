import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { runPrismaQuietly } from "../../scripts/prisma";
import { startAppInstance, type AppInstance } from "../../test/support/app-instance";
import type { TestServer } from "../../test/support/test-database";

const dir = path.join("bench", "requests", "baseline-authjs");

/** The stock Auth.js app the bench compares against: where it lives and what its build depends on. */
export const BASELINE = {
  dir,
  schema: path.join(dir, "prisma", "schema.prisma"),
  /** The adapter's tables as SQL (prisma migrate diff), made on first use and whenever the schema changes. */
  schemaSql: path.join(dir, "generated", "schema.sql"),
  buildId: path.join(dir, ".next", "BUILD_ID"),
  sources: [
    path.join(dir, "app"),
    path.join(dir, "auth.ts"),
    path.join(dir, "prisma.ts"),
    path.join(dir, "prisma"),
    path.join(dir, "next.config.ts"),
    path.join(dir, "tsconfig.json"),
    "package-lock.json",
  ],
} as const;

/** Not heavy.lock (the caller may hold it): this one only keeps two builds out of one folder. */
const BUILD_LOCK = path.join(os.tmpdir(), "magic-link-bench-baseline-build.lock");

/** Builds the baseline unless its build is newer than its sources (baseline-build.ts), under flock. */
export function buildBaselineIfNeeded(): void {
  const result = spawnSync(
    "flock",
    [BUILD_LOCK, process.execPath, "--import", "tsx", path.join("bench", "requests", "baseline-build.ts")],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) throw new Error("building the stock Auth.js baseline failed");
}

/** A fresh database for the baseline on the bench's PostgreSQL server, with the adapter's tables. */
export async function freshBaselineDatabase(server: TestServer, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const schemaSql = BASELINE.schemaSql;
  if (!existsSync(schemaSql) || statSync(schemaSql).mtimeMs < statSync(BASELINE.schema).mtimeMs) {
    // The CLI's diff connects through prisma.config.ts's adapter even from empty: give it this database.
    runPrismaQuietly(["migrate", "diff", "--from-empty", "--to-schema-datamodel", BASELINE.schema, "--script", "--output", schemaSql], {
      DATABASE_URL: url.toString(),
    });
  }
  const owner = new pg.Client({ connectionString: url.toString() });
  await owner.connect();
  try {
    await owner.query(readFileSync(BASELINE.schemaSql, "utf8"));
  } finally {
    await owner.end();
  }
  return url.toString();
}

/** Starts the baseline with `next start`, as its docs run it, and waits for its floor route. */
export function startBaseline(options: { port: number; databaseUrl: string; smtpPort: number; authSecret: string }): Promise<AppInstance> {
  return startAppInstance({
    name: "bench-authjs",
    port: options.port,
    command: [path.join("node_modules", "next", "dist", "bin", "next"), "start", dir, "--port", String(options.port)],
    readyPath: "/api/health/db",
    env: {
      DATABASE_URL: options.databaseUrl,
      EMAIL_SERVER: `smtp://127.0.0.1:${options.smtpPort}`,
      EMAIL_FROM: "Stock <stock@acme.test>",
      AUTH_SECRET: options.authSecret,
      AUTH_TRUST_HOST: "true",
      REDIS_URL: undefined,
    },
  });
}
