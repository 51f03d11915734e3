import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { readEnv } from "../env";
import { rateLimitStores } from "./stores";

export interface LimitRule {
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

export interface LimiterOptions {
  /**
   * Budgets for guessing secrets never move to the fallback store while Redis is down: the
   * fallback starts from zero, so an attacker who can knock Redis over would get a fresh budget.
   * Such limiters refuse until their store answers again, whatever RATE_LIMIT_STORE_FAILURE says.
   */
  failClosed?: boolean;
}

const TABLE = "rate_limits";
const cache = new Map<string, RateLimiterAbstract>();

/**
 * A limiter for one named rule, stored in Redis when configured (with PostgreSQL as the
 * insurance store in "fallback" mode) and in PostgreSQL otherwise. Never in process memory.
 */
export function limiterFor(name: string, rule: LimitRule, options: LimiterOptions = {}): RateLimiterAbstract {
  const cacheKey = `${name}:${rule.points}/${rule.durationSeconds}/${rule.blockSeconds ?? 0}:${options.failClosed ? "closed" : ""}`;
  let limiter = cache.get(cacheKey);
  if (limiter) return limiter;

  const { pool, redis } = rateLimitStores();
  const namespace = readEnv().RATE_LIMIT_NAMESPACE;
  const common = {
    keyPrefix: namespace ? `${namespace}:${name}` : name,
    points: rule.points,
    duration: rule.durationSeconds,
    blockDuration: rule.blockSeconds ?? 0,
  };
  const postgres = new RateLimiterPostgres({
    ...common,
    storeClient: pool,
    tableName: TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
  });
  if (redis) {
    const insurance = readEnv().RATE_LIMIT_STORE_FAILURE === "fallback" && !options.failClosed ? postgres : undefined;
    limiter = new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: insurance, rejectIfRedisNotReady: true });
  } else {
    limiter = postgres;
  }
  cache.set(cacheKey, limiter);
  return limiter;
}

export type ConsumeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number; storeFailed: boolean };

/** Consumes points; a store failure with no fallback counts as "limited" (fail closed). */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<ConsumeResult> {
  try {
    const result = await limiter.consume(key, points);
    return { allowed: true, remaining: result.remainingPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000), storeFailed: false };
    }
    return { allowed: false, retryAfterSeconds: 60, storeFailed: true };
  }
}

/** Gives points back (a reserved guess that turned out right, or was never judged). Best effort. */
export async function refund(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.reward(key, points);
  } catch {
    // The store is down: the points expire with their window.
  }
}
