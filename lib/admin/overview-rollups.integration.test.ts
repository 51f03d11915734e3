import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneDatabase, dropDatabase, migratedTemplate, type ScratchDatabase } from "@/test/integration/scratch-database";
import type { TestDatabase } from "@/test/support/test-database";
import { loadOverviewFromRawTables } from "@/test/support/overview-from-raw-tables";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import type { Db } from "../db";
import type { AttemptStatus, RiskLevel } from "../generated/prisma/client";
import { runRetention } from "../privacy/run-retention";
import { newId } from "../security/ids";
import { loadOverview } from "./overview";
import { OVERVIEW_WINDOWS, type OverviewWindowKey } from "./overview-window";

// Its own database: the rollups are compared with the raw tables as a whole, and a retention
// run erases everything old, whoever wrote it. lib/db's `db` (which loadOverview and the raw
// reference use) is this database's app-role client for the duration of the file.
let template: TestDatabase;
let scratch: ScratchDatabase;
let app: Db;
const processClient = globalThis as unknown as { prisma?: Db };
let previousClient: Db | undefined;

const HOUR = 3_600_000;
// An hour boundary in the past (so a retention run can reach it), the same for every window.
const BOUNDARY = new Date(Math.floor(Date.now() / HOUR) * HOUR - randomInt(200, 400) * 24 * HOUR);
const at = (ms: number) => new Date(BOUNDARY.getTime() + ms);
const tag = randomBytes(3).toString("hex");

beforeAll(async () => {
  template = await migratedTemplate("overview_rollups");
  scratch = await cloneDatabase(template);
  app = scratch.app;
  previousClient = processClient.prisma;
  processClient.prisma = app;
}, 120_000);

afterAll(async () => {
  processClient.prisma = previousClient;
  await scratch?.drop();
  if (template) await dropDatabase(template.ownerUrl);
});

async function attempt(
  requestedAt: Date,
  data: { status?: AttemptStatus; riskLevel?: RiskLevel; sentAt?: Date; openedAt?: Date; redeemedAt?: Date; ttlMs?: number } = {},
) {
  const { ttlMs = 10 * 60_000, ...rest } = data;
  return app.loginAttempt.create({
    data: {
      id: newId(),
      email: `rollup-${tag}-${randomBytes(3).toString("hex")}@overview.test`,
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash: "b",
      requestIp: "203.0.113.9",
      requestUserAgent: "Firefox",
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + ttlMs),
      ...rest,
    },
  });
}

const event = (type: AuditEventInput["type"], attemptId: string | null, details: Record<string, unknown> = {}): AuditEventInput => ({
  type,
  attemptId,
  outcome: "info",
  ip: "203.0.113.9",
  userAgent: "Firefox",
  details,
});

/** Every hour's rollup (summed over shards) equals the same counters aggregated from the raw rows. */
async function expectRollupsEqualRawAggregate() {
  const counters = `requested, sent, opened, redeemed, "openPending", "openFailed", superseded, cancelled, locked, elevated, high, sessions, delivered`;
  const rolled = await scratch.ownerSql.query(`
    SELECT hour, ${counters} FROM (
      SELECT hour, ${counters
        .split(", ")
        .map((name) => `sum(${name})::int AS ${name}`)
        .join(", ")} FROM "OverviewAttemptHour" GROUP BY hour) h
    WHERE (${counters.split(", ").join(" <> 0 OR ")} <> 0) ORDER BY hour`);
  const raw = await scratch.ownerSql.query(`
    SELECT date_trunc('hour', a."requestedAt") AS hour, count(*)::int AS requested,
      count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent,
      count(*) FILTER (WHERE "openedAt" IS NOT NULL OR "redeemedAt" IS NOT NULL)::int AS opened,
      count(*) FILTER (WHERE status = 'REDEEMED')::int AS redeemed,
      count(*) FILTER (WHERE status IN ('PENDING', 'AWAITING_APPROVAL'))::int AS "openPending",
      count(*) FILTER (WHERE status = 'DELIVERY_FAILED')::int AS "openFailed",
      count(*) FILTER (WHERE status = 'SUPERSEDED')::int AS superseded,
      count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
      count(*) FILTER (WHERE status = 'LOCKED')::int AS locked,
      count(*) FILTER (WHERE "riskLevel" = 'ELEVATED')::int AS elevated,
      count(*) FILTER (WHERE "riskLevel" = 'HIGH')::int AS high,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."attemptId" = a.id AND e.type = 'session.created'))::int AS sessions,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."attemptId" = a.id AND e.type = 'email.delivered'))::int AS delivered
    FROM "LoginAttempt" a GROUP BY 1 ORDER BY 1`);
  expect(rolled.rows).toEqual(raw.rows);
  const rolledEvents = await scratch.ownerSql.query(
    `SELECT hour, kind, sum(count)::int AS count FROM "OverviewEventHour" GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const rawEvents = await scratch.ownerSql.query(`
    SELECT date_trunc('hour', "createdAt") AS hour,
      CASE WHEN type = 'email.failed' AND details->>'failure' IN ('permanent', 'temporary') THEN type || ':' || (details->>'failure')
           WHEN type = 'link.fetched' AND details->>'likelyScanner' = 'true' THEN 'link.fetched:scanner' ELSE type END AS kind,
      count(*)::int AS count
    FROM "AuditEvent" GROUP BY 1, 2 ORDER BY 1, 2`);
  expect(rolledEvents.rows).toEqual(rawEvents.rows);
}

/** The Overview of every window, ending at moments around the boundary, equals the raw-table reference. */
async function expectOverviewsEqualRawReference() {
  const ends = [at(0), at(1), at(-1), at(HOUR / 2), at(3 * HOUR + 59 * 60_000 + 59_999), at(26 * HOUR), at(7 * 24 * HOUR + 90_000)];
  for (const key of Object.keys(OVERVIEW_WINDOWS) as OverviewWindowKey[]) {
    for (const end of ends) {
      const [rolled, raw] = await Promise.all([loadOverview(key, end), loadOverviewFromRawTables(key, end)]);
      expect({ key, end, ...rolled }).toEqual({ key, end, ...raw });
    }
  }
}

describe("Overview rollups", () => {
  it("equal the raw aggregate with rows on both sides of hour boundaries, the window's edges and concurrent writers", async () => {
    // Around the boundary: the last millisecond of one hour and the first of the next.
    const edge = [
      await attempt(at(-1), { status: "REDEEMED", sentAt: at(1_000), openedAt: at(30_000), redeemedAt: at(31_000) }),
      await attempt(at(0), { riskLevel: "HIGH", sentAt: at(2_000) }),
      await attempt(at(-HOUR), { status: "DELIVERY_FAILED", riskLevel: "ELEVATED" }),
      await attempt(at(HOUR - 1), { status: "AWAITING_APPROVAL", ttlMs: 48 * HOUR }),
      await attempt(at(-24 * HOUR), { status: "SUPERSEDED", sentAt: at(-24 * HOUR + 500) }),
      await attempt(at(-24 * HOUR - 1), { status: "CANCELLED" }),
    ];
    await recordEvents(app, [event("session.created", edge[0].id), event("email.delivered", edge[0].id)], at(40_000));
    await recordEvents(app, [event("link.fetched", edge[0].id, { likelyScanner: true })], at(-1));
    await recordEvents(app, [event("link.fetched", edge[0].id, { likelyScanner: false })], at(0));
    await recordEvents(
      app,
      [event("email.failed", edge[2].id, { failure: "permanent" }), event("email.failed", edge[2].id, {})],
      at(-HOUR + 5_000),
    );
    await recordEvents(app, [event("attempt.rate_limited", null)], at(-30 * 60_000));

    // Concurrent writers: many connections create attempts in the two hours around the
    // boundary, then change them and append events at once (two sessions for one attempt
    // in parallel count once).
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        attempt(at((index % 2 ? 1 : -1) * randomInt(1, HOUR)), {
          riskLevel: index % 5 === 0 ? "HIGH" : "LOW",
          sentAt: index % 3 ? at(HOUR + index) : undefined,
        }),
      ),
    );
    const statuses: AttemptStatus[] = ["REDEEMED", "CANCELLED", "LOCKED", "SUPERSEDED", "DELIVERY_FAILED", "PENDING"];
    await Promise.all(
      created.flatMap((row, index) => [
        app.$transaction(async (tx) => {
          const status = statuses[index % statuses.length];
          await tx.loginAttempt.update({
            where: { id: row.id },
            data: {
              status,
              riskLevel: index % 7 === 0 ? "ELEVATED" : undefined,
              openedAt: status === "REDEEMED" ? at(2 * HOUR) : undefined,
              redeemedAt: status === "REDEEMED" ? at(2 * HOUR) : undefined,
            },
          });
          await recordEvents(
            tx,
            [event(index % 2 ? "code.failed" : "link.fetched", row.id, { likelyScanner: index % 4 === 0 })],
            at(-HOUR + index * 90_000),
          );
        }),
        recordEvents(app, [event("session.created", row.id)], at(2 * HOUR + index)),
        recordEvents(app, [event("session.created", row.id)], at(2 * HOUR + index + 1)),
      ]),
    );
    // A session event for an attempt that is not there counts nowhere.
    await recordEvents(app, [event("session.created", "nosuchattempt")], at(5_000));

    await expectRollupsEqualRawAggregate();
    await expectOverviewsEqualRawReference();
  }, 120_000);

  it("follow an attempt moved across an hour boundary and a deleted attempt", async () => {
    // Moved back two hours (its session event still follows it, as every event follows its attempt).
    const moving = await attempt(at(HOUR + 1), { sentAt: at(HOUR + 1_000) });
    await recordEvents(app, [event("session.created", moving.id)], at(HOUR + 10_000));
    await app.loginAttempt.update({ where: { id: moving.id }, data: { requestedAt: at(-HOUR + 5) } });
    await expectRollupsEqualRawAggregate();
    const leaving = await attempt(at(HOUR + 5), {
      status: "REDEEMED",
      riskLevel: "HIGH",
      openedAt: at(HOUR + 60_000),
      redeemedAt: at(HOUR + 60_000),
    });
    await recordEvents(app, [event("session.created", leaving.id), event("email.delivered", leaving.id)], at(HOUR + 70_000));
    await expectRollupsEqualRawAggregate();
    await app.loginAttempt.delete({ where: { id: leaving.id } });
    await expectRollupsEqualRawAggregate();
    await expectOverviewsEqualRawReference();
  }, 120_000);

  it("stay equal after a retention run erases the personal data of the same rows", async () => {
    const before = await scratch.ownerSql.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE ip IS NOT NULL`);
    expect(before.rows[0].n).toBeGreaterThan(0);
    const result = await runRetention(new Date(), app);
    expect(result.auditEvents).toBeGreaterThan(0);
    expect(result.attempts).toBeGreaterThan(0);
    await expectRollupsEqualRawAggregate();
    await expectOverviewsEqualRawReference();
  }, 120_000);

  it("can be rebuilt from the raw tables to the same figures", async () => {
    const snapshot = async () =>
      (
        await scratch.ownerSql.query(
          `SELECT hour, sum(requested)::int AS r, sum(sessions)::int AS s, sum(high)::int AS h FROM "OverviewAttemptHour" GROUP BY 1 HAVING sum(requested) <> 0 ORDER BY 1`,
        )
      ).rows;
    const kept = await snapshot();
    await scratch.ownerSql.query("SELECT overview_rollups_rebuild()");
    expect(await snapshot()).toEqual(kept);
    await expectRollupsEqualRawAggregate();
  });

  it("cannot be written, or rebuilt, by the app's role", async () => {
    await expect(
      scratch.appSql.query(`INSERT INTO "OverviewEventHour" (hour, kind, count) VALUES (now(), 'code.failed', 1000)`),
    ).rejects.toThrow(/permission denied/);
    await expect(scratch.appSql.query(`UPDATE "OverviewAttemptHour" SET requested = 0`)).rejects.toThrow(/permission denied/);
    await expect(scratch.appSql.query(`DELETE FROM "OverviewAttemptHour"`)).rejects.toThrow(/permission denied/);
    await expect(scratch.appSql.query(`SELECT overview_rollups_rebuild()`)).rejects.toThrow(/permission denied/);
    await expect(
      scratch.appSql.query(`SELECT overview_attempt_add(now()::timestamp, 0, ARRAY[1,1,1,1,1,1,1,1,1,1,1], 1, 1)`),
    ).rejects.toThrow(/permission denied/);
  });
});
