import pg from "pg";
import { Redis } from "ioredis";
import { requireDatabaseUrl } from "../database-url";
import { readEnv } from "../env";
import { logEvent } from "../log";

/** Connections the limiters share: a small pg pool always, Redis when REDIS_URL is set. */
interface Stores {
  pool: pg.Pool;
  redis: Redis | null;
}

const globalStores = globalThis as unknown as { rateLimitStores?: Stores };

export function rateLimitStores(): Stores {
  globalStores.rateLimitStores ??= createStores();
  return globalStores.rateLimitStores;
}

function createStores(): Stores {
  const pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: 5, connectionTimeoutMillis: 5_000 });
  pool.on("error", (error) => logEvent("warn", "rate-limit.pg_pool_error", { message: error.message }));
  const url = readEnv().REDIS_URL;
  return { pool, redis: url ? connectRedis(url) : null };
}

/** Fails fast while Redis is down (no offline queue) and logs each outage once, not per request. */
function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
  });
  let down = false;
  redis.on("error", (error) => {
    if (down) return;
    down = true;
    const mode = readEnv().RATE_LIMIT_STORE_FAILURE;
    logEvent("error", "rate-limit.redis_unavailable", {
      message: error.message,
      behaviour: mode === "fallback" ? "limits fall back to PostgreSQL" : "requests are refused until Redis returns",
    });
  });
  redis.on("ready", () => {
    if (down) logEvent("info", "rate-limit.redis_recovered", {});
    down = false;
  });
  return redis;
}

/**
 * Connects the stores at start-up (from instrumentation.ts). Limiters send requests to
 * PostgreSQL while Redis is not ready, so without this the first requests after a start
 * would be counted in the fallback store instead of the shared one.
 */
export async function warmUpRateLimitStores(timeoutMs = 3_000): Promise<void> {
  const { redis } = rateLimitStores();
  if (!redis || redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
