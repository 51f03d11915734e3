import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ConfigError, parseEnv, type Env } from "../../lib/env";
import { startMailCatcher } from "../../lib/mail/catcher";
import { runPrismaQuietly } from "../prisma";
import { summariseMigrateDeploy } from "./migrate-summary";
import { grantAppRole, roleOf } from "./database-roles";
import { installJobQueue } from "./job-queue-schema";
import { migratesNow } from "./migrates-now";
import { startEmbeddedDatabase } from "./embedded-database";

export interface Runtime {
  env: Env;
  /** Variables to hand to the Next.js process. */
  childEnv: Record<string, string | undefined>;
  stop(): Promise<void>;
}

/**
 * Everything the app needs before Next.js starts: validated configuration, a database
 * (embedded unless DATABASE_URL is set), a development mail catcher (unless EMAIL_SERVER
 * is set), a development secret, and migrations applied: as DATABASE_OWNER_URL's role when it
 * is set, which then grants DATABASE_URL's role what the app may do (append-only audit trail).
 * When the app itself starts (`startingApp`), migrating is a choice: a production database is
 * migrated as a deploy step (npm run db:migrate), not by every instance at every boot.
 */
export async function prepareRuntime(options: { withMailCatcher: boolean; startingApp?: "dev" | "start" }): Promise<Runtime> {
  const env = parseOrExit(process.env);
  const stops: Array<() => Promise<void>> = [];
  const childEnv: Record<string, string | undefined> = { ...process.env };
  mkdirSync(env.DATA_DIR, { recursive: true });

  if (!process.env.AUTH_SECRET) {
    childEnv.AUTH_SECRET = developmentSecret(env.DATA_DIR);
  }

  if (!env.DATABASE_URL) {
    const started = Date.now();
    const database = await startEmbeddedDatabase({
      dataDir: path.join(env.DATA_DIR, "postgres"),
      port: env.EMBEDDED_POSTGRES_PORT,
      database: "app",
      log: console.log,
    });
    stops.push(database.stop);
    childEnv.DATABASE_URL = database.url;
    console.log(
      `PostgreSQL (embedded) ready on 127.0.0.1:${env.EMBEDDED_POSTGRES_PORT} in ${Date.now() - started} ms, data in ${path.join(env.DATA_DIR, "postgres")}`,
    );
  }

  if (!env.EMAIL_SERVER && options.withMailCatcher) {
    const folder = path.join(env.DATA_DIR, "mailbox");
    const catcher = await startMailCatcher({ port: env.DEV_SMTP_PORT, folder, scriptedReplies: true });
    stops.push(catcher.close);
    childEnv.EMAIL_SERVER = `smtp://127.0.0.1:${env.DEV_SMTP_PORT}`;
    childEnv.DEV_MAILBOX_DIR = path.resolve(folder);
    console.log(`Mail catcher listening on smtp://127.0.0.1:${env.DEV_SMTP_PORT}; read messages at ${env.AUTH_URL}/dev/mailbox`);
  }

  const ownerUrl = env.DATABASE_OWNER_URL ?? childEnv.DATABASE_URL!;
  if (migratesNow(env, options.startingApp)) {
    console.log(summariseMigrateDeploy(runPrismaQuietly(["migrate", "deploy"], { DATABASE_URL: ownerUrl })));
    await installJobQueue(ownerUrl);
    if (roleOf(ownerUrl) !== roleOf(childEnv.DATABASE_URL!)) await grantAppRole(ownerUrl, roleOf(childEnv.DATABASE_URL!), console.log);
  } else {
    console.log(
      "Migrations are not applied on start (MIGRATE_ON_START is off for an external database): run `npm run db:migrate` when deploying.",
    );
  }
  // The app itself never needs the owner's credentials.
  delete childEnv.DATABASE_OWNER_URL;
  parseOrExit(childEnv);

  return {
    env,
    childEnv,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

function parseOrExit(source: Record<string, string | undefined>): Env {
  try {
    return parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Outside production a secret is generated once and kept in the data folder. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  console.log(`Notice: AUTH_SECRET is not set; generated a development secret in ${file}. Set AUTH_SECRET in production.`);
  return secret;
}
