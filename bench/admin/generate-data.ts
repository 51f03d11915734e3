import type pg from "pg";

/**
 * Bulk data for the admin benchmark, generated inside PostgreSQL with generate_series:
 * users, 1 million attempts spread over a year (newest now), and 10 events for each.
 * Secondary indexes are dropped during the load and rebuilt after (much faster than
 * maintaining them row by row), and so are triggers (the Overview's rollups are rebuilt once
 * at the end instead of row by row). The hash chain is placeholder data and does not verify.
 */

const YEAR_SECONDS = 365 * 86_400;

export async function generateBenchData(
  client: pg.Client,
  options: { users: number; attempts: number; chunk: number },
  log: (line: string) => void,
): Promise<void> {
  await client.query("SET synchronous_commit = off");
  // Triggers off for this session (the generator connects as the server's superuser).
  await client.query("SET session_replication_role = replica");
  const indexes = await dropSecondaryIndexes(client, ["LoginAttempt", "AuditEvent"]);

  let started = Date.now();
  await client.query(
    `INSERT INTO "User" (id, email, role, "createdAt", "updatedAt")
     SELECT 'u' || lpad(i::text, 24, '0'), 'user' || i || '@bench.test', CASE WHEN i <= 5 THEN 'ADMIN'::"Role" ELSE 'USER'::"Role" END, now() - interval '400 days', now()
     FROM generate_series(1, $1::int) i`,
    [options.users],
  );
  log(`  ${options.users.toLocaleString("en-US")} users in ${Date.now() - started} ms`);

  for (let from = 1; from <= options.attempts; from += options.chunk) {
    const to = Math.min(from + options.chunk - 1, options.attempts);
    started = Date.now();
    await client.query(ATTEMPTS_SQL, [from, to, options.attempts, options.users, YEAR_SECONDS]);
    await client.query(EVENTS_SQL, [attemptId(from), attemptId(to)]);
    log(
      `  attempts ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} with ${((to - from + 1) * 10).toLocaleString("en-US")} events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  started = Date.now();
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const definition of indexes) await client.query(definition);
  log(`  rebuilt ${indexes.length} indexes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await client.query("SET session_replication_role = DEFAULT");
  started = Date.now();
  await client.query("SELECT overview_rollups_rebuild()");
  log(`  rebuilt the Overview's hourly rollups in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await client.query('VACUUM ANALYZE "User", "LoginAttempt", "AuditEvent"');
  log(`  VACUUM ANALYZE in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export const attemptId = (i: number) => `a${String(i).padStart(24, "0")}`;

async function dropSecondaryIndexes(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.tablename = ANY($1) AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX "${row.indexname}"`);
  return rows.map((row) => row.indexdef);
}

// Attempt i is requested at now − 1 year + i/N of a year. Statuses, risk and networks follow
// fixed proportions from cheap hashes of i, so every run builds the same data.
const ATTEMPTS_SQL = `
WITH s AS (
  SELECT i, (i * 7919) % 100 AS roll, (i * 104729) % 1000 AS risk_roll, (i * 2654435761) % $4::bigint + 1 AS user_n,
    now()::timestamp - make_interval(secs => $5::float8 * (1 - i::float8 / $3::float8)) AS at
  FROM generate_series($1::bigint, $2::bigint) i)
INSERT INTO "LoginAttempt" (id, email, "userId", status, "linkTokenHash", "codeHash", "bindingHash", "requestIp", "requestUserAgent",
  "requestedAt", "expiresAt", "deliveryStatus", "sentAt", "firstFetchedAt", "fetchCount", "openedAt", "confirmedAt", "redeemedAt", "redeemedVia",
  "redeemIp", "redeemUserAgent", "riskLevel", "riskScore", "riskReasons")
SELECT 'a' || lpad(i::text, 24, '0'), 'user' || user_n || '@bench.test', 'u' || lpad(user_n::text, 24, '0'),
  (CASE WHEN roll < 72 THEN 'REDEEMED' WHEN roll < 82 THEN 'PENDING' WHEN roll < 88 THEN 'SUPERSEDED' WHEN roll < 92 THEN 'CANCELLED'
        WHEN roll < 95 THEN 'DELIVERY_FAILED' WHEN roll < 97 THEN 'AWAITING_APPROVAL' ELSE 'LOCKED' END)::"AttemptStatus",
  md5('t' || i) || md5('u' || i), 'x', md5('d' || (i % 400000)),
  '10.' || (user_n % 200) || '.' || ((i * 31) % 250) || '.' || (user_n % 250 + 1), 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  at, at + interval '10 minutes',
  (CASE WHEN roll BETWEEN 92 AND 94 THEN 'FAILED' ELSE 'SENT' END)::"DeliveryStatus",
  CASE WHEN roll BETWEEN 92 AND 94 THEN NULL ELSE at + interval '2 seconds' END,
  CASE WHEN roll < 82 THEN at + interval '20 seconds' END, CASE WHEN roll < 82 THEN 2 ELSE 0 END,
  CASE WHEN roll < 72 THEN at + make_interval(secs => 30 + i % 200) END,
  CASE WHEN roll < 72 THEN at + make_interval(secs => 31 + i % 200) END,
  CASE WHEN roll < 72 THEN at + make_interval(secs => 31 + i % 200) END,
  CASE WHEN roll < 72 THEN 'same-browser' END,
  CASE WHEN roll < 72 THEN '10.' || (user_n % 200) || '.' || ((i * 31) % 250) || '.9' END,
  CASE WHEN roll < 72 THEN 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' END,
  (CASE WHEN risk_roll < 900 THEN 'LOW' WHEN risk_roll < 985 THEN 'ELEVATED' ELSE 'HIGH' END)::"RiskLevel",
  CASE WHEN risk_roll < 900 THEN (risk_roll % 5) * 5 WHEN risk_roll < 985 THEN 30 + risk_roll % 30 ELSE 60 + risk_roll % 41 END,
  CASE WHEN risk_roll < 900 THEN '[]'::jsonb ELSE '[{"signal":"link-reuse","weight":40,"reason":"The link was used again after it had been used."}]'::jsonb END
FROM s`;

// Ten events per attempt: the redeemed path for redeemed attempts, failures otherwise.
const EVENTS_SQL = `
INSERT INTO "AuditEvent" ("createdAt", type, "attemptId", "userId", ip, "userAgent", "deviceHash", outcome, details, "prevHash", hash)
SELECT a."requestedAt" + make_interval(secs => step * 3),
  CASE WHEN a.status = 'REDEEMED'
    THEN (ARRAY['attempt.requested','link.issued','email.queued','email.sent','link.fetched','link.fetched','link.opened','link.confirmed','attempt.redeemed','session.created'])[step]
    ELSE (ARRAY['attempt.requested','link.issued','email.queued','email.sent','link.fetched','code.failed','code.failed','attempt.expired_use','attempt.rate_limited','risk.assessed'])[step] END,
  a.id, a."userId", a."requestIp", a."requestUserAgent", a."bindingHash",
  CASE WHEN step IN (6, 7, 8, 9) AND a.status <> 'REDEEMED' THEN 'failure' ELSE 'info' END,
  CASE WHEN step = 5 THEN jsonb_build_object('likelyScanner', (a."riskScore" % 3) = 0, 'scannerName', 'Microsoft Safe Links') ELSE '{}'::jsonb END,
  '', md5(a.id || '/' || step) || md5(step || '/' || a.id)
FROM "LoginAttempt" a CROSS JOIN generate_series(1, 10) step
WHERE a.id BETWEEN $1 AND $2
ORDER BY a.id, step`;
