import type pg from "pg";
import type { Redis } from "ioredis";
import { readEnv } from "../env";
import { rateLimitStores } from "./stores";

/**
 * Fixed-window counters for the send limits, all of a request's counters in ONE round trip
 * (one SQL statement, or one Lua script in Redis): counted first, judged after
 * (decide-send-limits.ts), given back when the request is refused. The window of a counter
 * starts at its first hit, as in rate-limiter-flexible, whose table (rate_limits) this shares.
 *
 * A counter every request touches (the global one) is split into shards, one picked at random
 * per request and the others read in the same round trip, so concurrent requests do not queue
 * on one hot row in PostgreSQL. Its count is then exact for this request's shard and as of the
 * statement's start for the others: requests racing on different shards at the very limit can
 * each pass, so a sharded limit may be exceeded by at most (shards - 1) requests, never more
 * (requests on one shard queue on its row and see each other).
 */
export interface CounterSpec {
  /** The counter's name in the results, e.g. "share". */
  name: string;
  /** The stored key (namespaced here). */
  key: string;
  windowSeconds: number;
  shards?: number;
}

export type Counts = Record<string, number>;

/** The totals a request was counted into, and a way to take it back out of them. */
export interface CountedHit {
  counts: Counts;
  /** Takes this request back out of the named counters (a refused request spends no shared budget). */
  refund(names: string[]): Promise<void>;
}

export class CounterStoreUnavailable extends Error {
  override name = "CounterStoreUnavailable";
}

interface Plan {
  hits: Array<{ name: string; key: string; windowMs: number }>;
  /** The other shards of sharded counters, read but not counted. */
  siblings: Array<{ name: string; key: string }>;
}

function plan(specs: CounterSpec[], pickShard: (shards: number) => number): Plan {
  const namespace = readEnv().RATE_LIMIT_NAMESPACE;
  const stored = (key: string) => (namespace ? `${namespace}:${key}` : key);
  const result: Plan = { hits: [], siblings: [] };
  for (const spec of specs) {
    const windowMs = spec.windowSeconds * 1000;
    if (!spec.shards || spec.shards <= 1) {
      result.hits.push({ name: spec.name, key: stored(spec.key), windowMs });
      continue;
    }
    const mine = pickShard(spec.shards);
    for (let shard = 0; shard < spec.shards; shard++) {
      const key = stored(`${spec.key}#${shard}`);
      if (shard === mine) result.hits.push({ name: spec.name, key, windowMs });
      else result.siblings.push({ name: spec.name, key });
    }
  }
  // One order for every statement, so two requests never lock the same rows the other way round.
  result.hits.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return result;
}

/** Counts this request in every counter; the totals include this request. */
export async function hitCounters(
  specs: CounterSpec[],
  now: Date = new Date(),
  pickShard = (shards: number) => Math.floor(Math.random() * shards),
): Promise<CountedHit> {
  const counters = plan(specs, pickShard);
  const rows = await withStore(
    (redis) => hitInRedis(redis, counters),
    (pool) => hitInPostgres(pool, counters, now),
  );
  const byKey = new Map(rows.map((row) => [row.key, row.points]));
  const counts: Counts = {};
  for (const entry of [...counters.hits, ...counters.siblings])
    counts[entry.name] = (counts[entry.name] ?? 0) + (byKey.get(entry.key) ?? 0);
  // The very keys counted, shard included: a refund to another shard could not go below zero where it must.
  const refund = (names: string[]) =>
    refundKeys(
      counters.hits.filter((hit) => names.includes(hit.name)).map((hit) => hit.key),
      now,
    );
  return { counts, refund };
}

/** Reads counters without counting. */
export async function readCounters(specs: CounterSpec[], now: Date = new Date()): Promise<Counts> {
  const counters = plan(specs, () => -1);
  const keys = counters.siblings.map((sibling) => sibling.key).concat(counters.hits.map((hit) => hit.key));
  const names = counters.siblings.map((sibling) => sibling.name).concat(counters.hits.map((hit) => hit.name));
  const values = await withStore(
    async (redis) => (keys.length ? await redis.mget(...keys) : []).map((value) => Number(value ?? 0)),
    async (pool) => {
      const { rows } = await pool.query<{ key: string; points: number }>(
        `SELECT key, points FROM rate_limits WHERE key = ANY($1) AND expire > $2`,
        [keys, now.getTime()],
      );
      const byKey = new Map(rows.map((row) => [row.key, row.points]));
      return keys.map((key) => byKey.get(key) ?? 0);
    },
  );
  const counts: Counts = {};
  names.forEach((name, index) => (counts[name] = (counts[name] ?? 0) + values[index]));
  return counts;
}

async function refundKeys(keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  try {
    await withStore(
      async (redis) => (await redis.eval(REFUND_SCRIPT, keys.length, ...keys), []),
      async (pool) => (
        await pool.query(`UPDATE rate_limits SET points = GREATEST(points - 1, 0) WHERE key = ANY($1) AND expire > $2`, [
          keys,
          now.getTime(),
        ]),
        []
      ),
    );
  } catch {
    // Best effort: the points run out with their window.
  }
}

async function withStore<T>(inRedis: (redis: Redis) => Promise<T>, inPostgres: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const { redis, pool } = rateLimitStores();
  if (redis) {
    try {
      if (redis.status !== "ready") throw new Error(`Redis is ${redis.status}`);
      return await inRedis(redis);
    } catch (error) {
      if (readEnv().RATE_LIMIT_STORE_FAILURE !== "fallback") throw new CounterStoreUnavailable(String(error));
    }
  }
  try {
    return await inPostgres(pool);
  } catch (error) {
    throw new CounterStoreUnavailable(String(error));
  }
}

async function hitInPostgres(pool: pg.Pool, counters: Plan, now: Date): Promise<Array<{ key: string; points: number }>> {
  const { rows } = await pool.query<{ key: string; points: number }>(
    `WITH hit AS (
       INSERT INTO rate_limits (key, points, expire)
       SELECT t.key, 1, $3::bigint + t.window_ms FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS t(key, window_ms, position)
       ORDER BY t.position
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN rate_limits.expire <= $3::bigint THEN 1 ELSE rate_limits.points + 1 END,
         expire = CASE WHEN rate_limits.expire <= $3::bigint THEN EXCLUDED.expire ELSE rate_limits.expire END
       RETURNING key, points
     )
     SELECT key, points FROM hit
     UNION ALL
     SELECT key, points FROM rate_limits WHERE key = ANY($4::text[]) AND expire > $3::bigint`,
    [
      counters.hits.map((hit) => hit.key),
      counters.hits.map((hit) => hit.windowMs),
      now.getTime(),
      counters.siblings.map((sibling) => sibling.key),
    ],
  );
  return rows;
}

async function hitInRedis(redis: Redis, counters: Plan): Promise<Array<{ key: string; points: number }>> {
  const keys = [...counters.hits.map((hit) => hit.key), ...counters.siblings.map((sibling) => sibling.key)];
  const values = (await redis.eval(
    HIT_SCRIPT,
    keys.length,
    ...keys,
    counters.hits.length,
    ...counters.hits.map((hit) => hit.windowMs),
  )) as number[];
  return keys.map((key, index) => ({ key, points: Number(values[index] ?? 0) }));
}

// KEYS: counted keys, then read-only keys. ARGV: how many are counted, each one's window in ms.
const HIT_SCRIPT = `
local counted = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  if i <= counted then
    local value = redis.call('INCR', KEYS[i])
    if value == 1 or redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[1 + i]) end
    out[i] = value
  else
    out[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  end
end
return out`;

const REFUND_SCRIPT = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 and tonumber(redis.call('GET', KEYS[i])) > 0 then redis.call('DECR', KEYS[i]) end
end
return 0`;
