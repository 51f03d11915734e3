import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cloneDatabase, dropDatabase, migratedTemplate, type ScratchDatabase } from "@/test/integration/scratch-database";
import type { TestDatabase } from "@/test/support/test-database";
import { auditKeyring } from "./audit-keys";
import { emitCheckpoint } from "./emit-checkpoint";
import { chainHash } from "./event-hash";
import { recordEvents } from "./record-events";
import { verifyAuditChain } from "./verify-chain";

/**
 * White-box attacks on the audit trail in a database of its own per test: first with the
 * app's credentials (each refused, or reported if PostgreSQL must let it through), then as
 * the owner or a superuser, who can do anything, and whose every change is still reported.
 */
let template: TestDatabase;
let scratch: ScratchDatabase;
let checkpointHead: bigint;

beforeAll(async () => {
  template = await migratedTemplate("tamper");
}, 120_000);

afterAll(async () => {
  await dropDatabase(template.ownerUrl);
});

beforeEach(async () => {
  scratch = await cloneDatabase(template);
  for (let index = 0; index < 6; index++) {
    await recordEvents(scratch.app, [
      { type: "link.fetched", attemptId: `a${index}`, ip: `203.0.113.${index}`, userAgent: "Mozilla/5.0", details: { index } },
    ]);
  }
  checkpointHead = (await emitCheckpoint(new Date(), scratch.app)).headSeq;
  await recordEvents(scratch.app, [
    { type: "session.created", userId: "u1", outcome: "success" },
    { type: "session.revoked", userId: "u1" },
  ]);
});

afterEach(async () => {
  await scratch.drop();
});

const count = async (table: string) => Number((await scratch.ownerSql.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
const newestSeq = async () => BigInt((await scratch.ownerSql.query('SELECT max(seq) AS seq FROM "AuditEvent"')).rows[0].seq);

describe("with the app's own database role", () => {
  it("cannot truncate, delete, update, insert directly, or switch off a rule or trigger", async () => {
    const attempts = [
      'TRUNCATE "AuditEvent"',
      'DELETE FROM "AuditEvent" WHERE seq = (SELECT max(seq) FROM "AuditEvent")',
      `UPDATE "AuditEvent" SET reason = 'edited'`,
      `UPDATE "AuditEvent" SET ip = NULL, "userAgent" = NULL, "personalSalt" = NULL`,
      `INSERT INTO "AuditEvent" (type, "prevHash", hash) VALUES ('session.created', 'x', 'y')`,
      'ALTER TABLE "AuditEvent" DISABLE RULE audit_event_refuse_delete',
      'ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_refuse_update',
      'ALTER TABLE "AuditEventPending" DISABLE TRIGGER audit_event_pending_append_at_commit',
      'DROP TRIGGER audit_event_pending_append_at_commit ON "AuditEventPending"',
      `CREATE OR REPLACE FUNCTION audit_event_append_at_commit() RETURNS trigger LANGUAGE sql AS 'SELECT NULL'`,
      "SET session_replication_role = replica",
      'DELETE FROM "AuditEventPending"',
      'UPDATE "AuditEventPending" SET type = type',
      'TRUNCATE "AuditCheckpoint"',
      'DELETE FROM "AuditCheckpoint"',
      `UPDATE "AuditCheckpoint" SET "headSeq" = 0`,
      "SELECT setval('\"AuditEvent_seq_seq\"', 1)",
    ];
    const [events, checkpoints] = [await count("AuditEvent"), await count("AuditCheckpoint")];
    for (const statement of attempts) {
      await expect(scratch.appSql.query(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }
    expect([await count("AuditEvent"), await count("AuditCheckpoint")]).toEqual([events, checkpoints]);
    expect((await verifyAuditChain(scratch.app)).intact).toBe(true);
  });

  it("cannot erase personal data without recording the erasure in the same transaction", async () => {
    await expect(
      scratch.appSql.query("SELECT audit_erase_personal(now()::timestamp + interval '1 day', NULL, NULL, 1000, 100)"),
    ).rejects.toThrow(/write the event that records this erasure/);
    expect(Number((await scratch.ownerSql.query('SELECT count(*) AS n FROM "AuditEvent" WHERE ip IS NOT NULL')).rows[0].n)).toBe(6);
  });

  it("can append a forged event, which verification reports: it cannot make a MAC without the key", async () => {
    await scratch.appSql.query(
      `INSERT INTO "AuditEventPending" ("eventId", "keyId", mac, "createdAt", type, "userId", outcome, details)
       VALUES ('forged-event-id', $1, repeat('a', 64), now(), 'session.created', 'victim', 'success', '{}')`,
      [auditKeyring().current.id],
    );
    expect(await verifyAuditChain(scratch.app)).toMatchObject({ intact: false, problem: "not-authentic", brokenAtSeq: await newestSeq() });
  });

  it("cannot replay a genuine event: its id may be chained once", async () => {
    const before = await count("AuditEvent");
    await expect(
      scratch.appSql.query(`
        INSERT INTO "AuditEventPending" ("eventId", "keyId", mac, "createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash",
          outcome, reason, details, "personalDigest", "personalSalt")
        SELECT "eventId", "keyId", mac, "createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash",
          outcome, reason, details, "personalDigest", "personalSalt"
        FROM "AuditEvent" WHERE type = 'session.created'`),
    ).rejects.toThrow(/duplicate key value violates unique constraint "AuditEvent_eventId_key"/);
    expect(await count("AuditEvent")).toBe(before);
    expect((await verifyAuditChain(scratch.app)).intact).toBe(true);
  });

  it("cannot redirect the chaining trigger to a temporary table of its own", async () => {
    await scratch.appSql.query('CREATE TEMP TABLE "AuditEvent" (LIKE public."AuditEvent" INCLUDING DEFAULTS)');
    const before = await count("AuditEvent");
    await recordEvents(scratch.app, [{ type: "session.created" }]);
    await scratch.appSql.query(
      `INSERT INTO "AuditEventPending" ("eventId", "keyId", mac, "createdAt", type, details) VALUES ('via-temp', 'k', repeat('b', 64), now(), 'session.created', '{}')`,
    );
    expect(Number((await scratch.appSql.query('SELECT count(*) AS n FROM pg_temp."AuditEvent"')).rows[0].n)).toBe(0);
    expect(await count("AuditEvent")).toBe(before + 2);
  });
});

describe("as the owner or a superuser, who can do anything", () => {
  it("deleting the newest events is reported against the latest checkpoint", async () => {
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE RULE audit_event_refuse_delete');
    await scratch.ownerSql.query('DELETE FROM "AuditEvent" WHERE seq >= $1', [checkpointHead]);
    expect(await verifyAuditChain(scratch.app)).toMatchObject({ intact: false, problem: "tail-missing", brokenAtSeq: checkpointHead });
  });

  it("emptying the table (TRUNCATE ignores rules) is reported", async () => {
    await scratch.ownerSql.query('TRUNCATE "AuditEvent"');
    expect(await verifyAuditChain(scratch.app)).toMatchObject({ intact: false, problem: "tail-missing", brokenAtSeq: checkpointHead });
  });

  it("deleting an event and rebuilding every hash after it is reported by the checkpoint", async () => {
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE RULE audit_event_refuse_delete');
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_refuse_update');
    await scratch.ownerSql.query('DELETE FROM "AuditEvent" WHERE seq = 3');
    const { rows } = await scratch.ownerSql.query<{ seq: string; mac: string }>(
      'SELECT seq, mac FROM "AuditEvent" WHERE seq > 2 ORDER BY seq',
    );
    let prev = (await scratch.ownerSql.query('SELECT hash FROM "AuditEvent" WHERE seq = 2')).rows[0].hash as string;
    for (const row of rows) {
      const hash = chainHash(prev, row.mac);
      await scratch.ownerSql.query('UPDATE "AuditEvent" SET "prevHash" = $2, hash = $3 WHERE seq = $1', [row.seq, prev, hash]);
      prev = hash;
    }
    expect(await verifyAuditChain(scratch.app)).toMatchObject({
      intact: false,
      problem: "checkpoint-mismatch",
      brokenAtSeq: checkpointHead,
    });
  });

  it("editing an event is reported by its MAC, even with the chain's hashes recomputed", async () => {
    const target = await newestSeq();
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_refuse_update');
    await scratch.ownerSql.query(`UPDATE "AuditEvent" SET type = 'session.signed_out' WHERE seq = $1`, [target]);
    expect(await verifyAuditChain(scratch.app)).toMatchObject({ intact: false, problem: "not-authentic", brokenAtSeq: target });
  });

  it("replaying a genuine event past the unique index, with a correct chain hash, is reported", async () => {
    await scratch.ownerSql.query('DROP INDEX "AuditEvent_eventId_key"');
    const { rows } = await scratch.ownerSql.query('SELECT * FROM "AuditEvent" ORDER BY seq DESC LIMIT 1');
    const last = rows[0];
    const [copy] = (await scratch.ownerSql.query(`SELECT * FROM "AuditEvent" WHERE type = 'session.created'`)).rows;
    await scratch.ownerSql.query(
      `INSERT INTO "AuditEvent" ("eventId", "keyId", mac, "createdAt", type, "userId", outcome, reason, details, "prevHash", hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        copy.eventId,
        copy.keyId,
        copy.mac,
        copy.createdAt,
        copy.type,
        copy.userId,
        copy.outcome,
        copy.reason,
        copy.details,
        last.hash,
        chainHash(last.hash, copy.mac),
      ],
    );
    expect(await verifyAuditChain(scratch.app)).toMatchObject({
      intact: false,
      problem: "duplicate-event",
      brokenAtSeq: await newestSeq(),
    });
  });

  it("changing an IP address is reported; the guard refuses it unless switched off", async () => {
    await expect(scratch.ownerSql.query(`UPDATE "AuditEvent" SET ip = '198.51.100.7' WHERE seq = 2`)).rejects.toThrow(
      /append-only: refused UPDATE of event 2/,
    );
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_refuse_update');
    await scratch.ownerSql.query(`UPDATE "AuditEvent" SET ip = '198.51.100.7' WHERE seq = 2`);
    expect(await verifyAuditChain(scratch.app)).toMatchObject({ intact: false, problem: "personal-data-altered", brokenAtSeq: 2n });
  });

  it("deleting the newest checkpoints with the events they cover is caught by a copy kept outside, and looks stale", async () => {
    const outside = await emitCheckpoint(new Date(), scratch.app);
    await scratch.ownerSql.query('ALTER TABLE "AuditEvent" DISABLE RULE audit_event_refuse_delete');
    await scratch.ownerSql.query('ALTER TABLE "AuditCheckpoint" DISABLE RULE audit_checkpoint_refuse_delete');
    await scratch.ownerSql.query('DELETE FROM "AuditEvent" WHERE seq > $1', [checkpointHead]);
    await scratch.ownerSql.query('DELETE FROM "AuditCheckpoint" WHERE "headSeq" > $1', [checkpointHead]);
    expect((await verifyAuditChain(scratch.app)).intact).toBe(true);
    expect(await verifyAuditChain(scratch.app, { externalCheckpoint: outside })).toMatchObject({
      intact: false,
      problem: "checkpoint-missing",
      brokenAtSeq: outside.headSeq,
    });
    const muchLater = new Date(Date.now() + 3 * 60 * 60_000);
    const verdict = await verifyAuditChain(scratch.app, { now: muchLater });
    expect(verdict.intact && verdict.warnings.map((warning) => warning.kind)).toEqual(["checkpoint-stale"]);
  });
});
