import { readdirSync } from "node:fs";
import type pg from "pg";

export interface DeliveryResult {
  queued: number;
  sent: number;
  failedOrPending: number;
  caughtBySmtpCatcher: number;
  /** Messages accepted per second from the first to the last one (sending overlapped the load run). */
  messagesPerSecond: number;
  /** What was still queued when the load stopped, and how fast it drained afterwards. */
  backlogAtLoadEnd: number;
  drainSeconds: number;
  /** Request (outbox row created) to message accepted by the SMTP server, during and after the load. */
  requestToAcceptedMs: { p50: number; p95: number };
  /** The same with one request at a time (filled in by the caller). */
  requestToAcceptedOneAtATimeMs?: { p50: number; p95: number };
}

const COUNTS = `SELECT count(*)::int AS queued,
  count(*) FILTER (WHERE status = 'SENT')::int AS sent,
  count(*) FILTER (WHERE status <> 'SENT')::int AS pending
  FROM "EmailOutbox"`;

/** Waits for the outbox to drain after the sign-in run, then reads the delivery figures from it. */
export async function measureDelivery(pool: pg.Pool, mailbox: string, timeoutMs = 150_000): Promise<DeliveryResult> {
  const started = Date.now();
  const backlog = (await pool.query(COUNTS)).rows[0].pending as number;
  let counts = (await pool.query(COUNTS)).rows[0];
  while (counts.pending > 0 && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    counts = (await pool.query(COUNTS)).rows[0];
  }
  const drainSeconds = (Date.now() - started) / 1000;
  const { rows } = await pool.query(`SELECT
      extract(epoch FROM max("sentAt") - min("sentAt"))::float AS span,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt") * 1000) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt") * 1000) AS p95
    FROM "EmailOutbox" WHERE status = 'SENT'`);
  const span = rows[0].span || 1;
  return {
    queued: counts.queued,
    sent: counts.sent,
    failedOrPending: counts.pending,
    caughtBySmtpCatcher: readdirSync(mailbox).filter((name) => name.endsWith(".json")).length,
    messagesPerSecond: counts.sent / span,
    backlogAtLoadEnd: backlog,
    drainSeconds,
    requestToAcceptedMs: { p50: Number(rows[0].p50 ?? 0), p95: Number(rows[0].p95 ?? 0) },
  };
}

/**
 * The same request → accepted figure without a backlog: requests one after another, each
 * waited for until the SMTP server accepted its message.
 */
export async function requestToAcceptedOneAtATime(pool: pg.Pool, url: string, count: number): Promise<{ p50: number; p95: number }> {
  const emails: string[] = [];
  for (let n = 0; n < count; n++) {
    const email = `one-at-a-time-${n}-${Date.now()}@example.com`;
    emails.push(email);
    const response = await fetch(`${url}/api/sign-in/request`, {
      method: "POST",
      headers: { Origin: url, "Content-Type": "application/json" },
      body: JSON.stringify({ email }),
    });
    if (!response.ok) throw new Error(`sign-in request answered ${response.status}`);
    const deadline = Date.now() + 10_000;
    while ((await pool.query(`SELECT 1 FROM "EmailOutbox" WHERE "to" = $1 AND status = 'SENT'`, [email])).rowCount === 0) {
      if (Date.now() > deadline) throw new Error(`no message accepted for ${email} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const { rows } = await pool.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt") * 1000) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt") * 1000) AS p95
     FROM "EmailOutbox" WHERE "to" = ANY($1)`,
    [emails],
  );
  return { p50: Number(rows[0].p50), p95: Number(rows[0].p95) };
}
