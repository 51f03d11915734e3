import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { requireDatabaseUrl } from "./database-url";

const POOL = { max: 20, connectionTimeoutMillis: 5_000 };

function createClient(): PrismaClient {
  return connectDatabase(requireDatabaseUrl());
}

/** A client for a given database; the app uses `db` below, tools and tests may need another. */
export function connectDatabase(url: string, connections: number = POOL.max): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, ...POOL, max: connections });
  // A transaction may wait for a pooled connection as long as a query may (Prisma's default is
  // 2 s), so that a burst (50 redemptions of one link at once) queues instead of answering 503.
  // An unreachable database still fails at once: connecting is refused, not queued.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: POOL.connectionTimeoutMillis, timeout: 10_000 } });
}

// One client per process, created on first use (so that building the app needs no database)
// and kept on globalThis so development hot reloads do not open new pools.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
