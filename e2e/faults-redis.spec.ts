import { expect, test, type APIRequestContext } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { e2eDatabase } from "./support/database";
import { EXTRA_PORTS, instanceLog, startExtraInstance } from "../test/support/e2e-instances-extra";
import { mailTo } from "./support/mailbox";
import { uniqueEmail, uniqueIp } from "./support/people";

/**
 * REDIS_URL points at a port where nothing listens. With RATE_LIMIT_STORE_FAILURE=fallback
 * (the default) the limits move to PostgreSQL; with "closed" every request is refused.
 * Either way the outage is logged once, not once per request.
 */
const DEAD_REDIS = `redis://127.0.0.1:${EXTRA_PORTS.deadRedis}/0`;
const NEUTRAL = "If that address can sign in, a link and a code are on their way.";
const instances: Record<"fallback" | "closed", AppInstance | undefined> = { fallback: undefined, closed: undefined };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const common = { REDIS_URL: DEAD_REDIS, RATE_LIMIT_PER_EMAIL: "3/15m" };
  [instances.fallback, instances.closed] = await Promise.all([
    startExtraInstance("faults-redis-fallback", EXTRA_PORTS.redisFallback, { ...common, RATE_LIMIT_STORE_FAILURE: "fallback" }),
    startExtraInstance("faults-redis-closed", EXTRA_PORTS.redisClosed, { ...common, RATE_LIMIT_STORE_FAILURE: "closed" }),
  ]);
});

test.afterAll(async () => {
  await Promise.all(Object.values(instances).map((instance) => instance?.stop()));
});

async function ask(request: APIRequestContext, instance: AppInstance, email: string, ip = uniqueIp()) {
  const response = await request.post(`${instance.url}/api/sign-in/request`, {
    data: { email },
    headers: { Origin: instance.url, "X-Forwarded-For": ip },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).message as string;
}

async function count(sql: string, value: string): Promise<number> {
  return (await e2eDatabase().query(sql, [value])).rows[0].n as number;
}

function outageLogLines(instance: AppInstance): number {
  return instanceLog(instance)
    .split("\n")
    .filter((line) => line.includes('"event":"rate-limit.redis_unavailable"')).length;
}

test("fallback: with Redis unreachable the per-email limit still holds, counted in PostgreSQL, and the outage is logged once", async ({
  request,
}) => {
  const app = instances.fallback!;
  const email = uniqueEmail("redis-fallback");
  // One requester (one network) asking six times: its share of the address's budget is 3.
  const ip = uniqueIp();
  for (let n = 0; n < 6; n++) expect(await ask(request, app, email, ip)).toBe(NEUTRAL);

  expect(await count(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, email)).toBe(3);
  await expect.poll(() => count(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = $1 AND status = 'PENDING'`, email)).toBe(0);
  // Links superseded by the same browser's next request before their email left are dropped, never mailed.
  const mailed = mailTo(email).filter((message) => /^Sign in to /.test(message.subject)).length;
  expect(mailed).toBeGreaterThanOrEqual(1);
  expect(mailed).toBeLessThanOrEqual(3);
  // The counters live in PostgreSQL's table, under this instance's namespace.
  expect(
    await count(`SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE $1`, "faults-redis-fallback:signin-share:%"),
  ).toBeGreaterThan(0);
  expect(outageLogLines(app)).toBe(1);
});

test("closed: with Redis unreachable every request gets the neutral answer and nothing is issued or sent", async ({ request }) => {
  const app = instances.closed!;
  const emails = [uniqueEmail("redis-closed"), uniqueEmail("redis-closed")];
  const ips = emails.map(() => uniqueIp());
  for (const [n, email] of emails.entries()) expect(await ask(request, app, email, ips[n])).toBe(NEUTRAL);

  for (const email of emails) {
    expect(await count(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, email)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = $1`, email)).toBe(0);
  }
  // Each refusal is on record, with the reason.
  const refusals = await e2eDatabase().query(`SELECT reason FROM "AuditEvent" WHERE type = 'attempt.rate_limited' AND ip = ANY($1)`, [ips]);
  expect(refusals.rows.map((row) => row.reason)).toEqual(["limit store unavailable", "limit store unavailable"]);
  expect(outageLogLines(app)).toBe(1);
});
