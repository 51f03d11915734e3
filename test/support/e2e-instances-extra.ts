/**
 * Production instances a spec starts for itself, beside the shared ones the global setup
 * starts: the two-instance, fault, flood and fuzz specs need settings, databases or mail
 * servers of their own. Ports follow E2E_PORT_BASE like the shared ones, so two runs on one
 * machine do not collide.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { startAppInstance, type AppInstance, type AppServer } from "./app-instance";
import { freshDatabase } from "./test-database";
import { E2E_INSTANCES, E2E_SHARED_ENV } from "./e2e-instances";

const BASE = E2E_INSTANCES.approve.port;
/** Suffix for names of logs, folders and databases of this run. */
export const RUN_SUFFIX = BASE === 3100 ? "" : `-${BASE}`;

/** Every port a spec's own instance, proxy or SMTP server listens on. */
export const EXTRA_PORTS = {
  scaleA: BASE + 10,
  scaleB: BASE + 11,
  scaleProxy: BASE + 12,
  smtpFault: BASE + 20,
  smtpFaultMail: BASE + 21,
  postgresFault: BASE + 22,
  // Not in Linux's ephemeral range (32768-60999): a pooled client connection to the CI's
  // PostgreSQL can hold such a port as its local end, and the server then cannot listen there.
  postgresFaultDatabase: BASE + 40,
  redisFallback: BASE + 23,
  redisClosed: BASE + 24,
  /** Nothing ever listens here: an unreachable Redis. */
  deadRedis: BASE + 29,
  flood: BASE + 25,
  floodMail: BASE + 26,
  fuzz: BASE + 30,
  fuzzMail: BASE + 31,
  codeStoreRedisRelay: BASE + 32,
  codeStoreApp: BASE + 33,
  attackLimits: BASE + 34,
  globalFlood: BASE + 35,
  clientIpStandalone: BASE + 36,
  clientIpProxy: BASE + 37,
  clientIpSocket: BASE + 38,
  clientIpRefused: BASE + 39,
  jobsCron: BASE + 41,
  jobsA: BASE + 42,
  jobsB: BASE + 43,
  jobsHangingSmtp: BASE + 44,
  jobsWorkerWeb: BASE + 45,
  devServer: BASE + 46,
  devServerMail: BASE + 47,
  auditStream: BASE + 48,
} as const;

export function e2eDatabaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the end-to-end tests with `npm run test:e2e`.");
  return url;
}

/**
 * Starts an instance with the shared e2e settings (database, SMTP catcher, secret, loopback as
 * the trusted proxy) overridden by `env`. Its rate-limit counters get their own namespace, named after it,
 * so that its requests never spend the budgets other specs count on.
 */
export function startExtraInstance(
  name: string,
  port: number,
  env: Record<string, string | undefined> = {},
  server?: AppServer,
): Promise<AppInstance> {
  return startAppInstance({
    name: `${name}${RUN_SUFFIX}`,
    port,
    env: { DATABASE_URL: e2eDatabaseUrl(), ...E2E_SHARED_ENV, RATE_LIMIT_NAMESPACE: name, ...env },
    server,
  });
}

/** What an instance has logged so far (stdout and stderr, .data/logs/<name>.log). */
export function instanceLog(instance: AppInstance | { name: string }): string {
  return readFileSync(path.join(".data", "logs", `${instance.name}.log`), "utf8");
}

/** A freshly migrated database beside the e2e one, for specs that count every row or must not slow the others down; the app role's URL. */
export async function freshSpecDatabase(name: string): Promise<string> {
  const owner = process.env.E2E_DATABASE_OWNER_URL;
  if (!owner) throw new Error("E2E_DATABASE_OWNER_URL is not set: run the end-to-end tests with `npm run test:e2e`.");
  const admin = new URL(owner);
  admin.pathname = "/postgres";
  const database = await freshDatabase(
    { adminUrl: admin.toString(), stop: async () => undefined },
    `${name}${RUN_SUFFIX.replace("-", "_")}`,
  );
  return database.url;
}
