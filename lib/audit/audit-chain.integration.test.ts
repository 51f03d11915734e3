import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db";
import { recordEvents } from "./record-events";
import { verifyAuditChain } from "./verify-chain";

// The owner of the schema (a superuser in tests): what a database administrator could do.
const admin = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });

beforeAll(async () => {
  await admin.connect();
});

afterAll(async () => {
  await admin.end().catch(() => undefined);
});

describe("audit trail", () => {
  it("chains events written concurrently and verifies them", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        recordEvents(db, [
          { type: "attempt.requested", attemptId: `chain-${index}`, outcome: "success", details: { index, nested: { b: 1, a: [1, 2] } } },
        ]),
      ),
    );
    const verdict = await verifyAuditChain(db);
    expect(verdict.intact).toBe(true);
    expect(verdict.checked).toBeGreaterThanOrEqual(20);
  });

  it("holds no chain lock while a transaction is open: a writer that commits first is chained first", async () => {
    let wrote!: () => void;
    let commit!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const open = db.$transaction(async (tx) => {
      await recordEvents(tx, [{ type: "attempt.requested", attemptId: "chain-open-early" }]);
      wrote();
      await mayCommit;
    });
    await written;
    // Had writing taken the chain's lock, this would wait for the open transaction, which waits for it.
    await recordEvents(db, [{ type: "attempt.requested", attemptId: "chain-open-late" }]);
    commit();
    await open;
    const [late, early] = await Promise.all(
      ["chain-open-late", "chain-open-early"].map((attemptId) => db.auditEvent.findFirstOrThrow({ where: { attemptId } })),
    );
    expect(late.seq).toBeLessThan(early.seq);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });

  it("keeps each transaction's events together and in the order given, and leaves nothing pending", async () => {
    // Transactions that write first and commit later, in a different order than they wrote.
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        db.$transaction(async (tx) => {
          await recordEvents(tx, [
            { type: "attempt.requested", attemptId: `commit-order-${index}`, outcome: "info" },
            { type: "link.issued", attemptId: `commit-order-${index}`, outcome: "success" },
          ]);
          await new Promise((resolve) => setTimeout(resolve, ((index * 7) % 12) * 15));
        }),
      ),
    );
    const events = await db.auditEvent.findMany({ where: { attemptId: { startsWith: "commit-order-" } }, orderBy: { seq: "asc" } });
    expect(events).toHaveLength(24);
    for (let index = 0; index < events.length; index += 2) {
      expect(events[index + 1].attemptId).toBe(events[index].attemptId);
      expect([events[index].type, events[index + 1].type]).toEqual(["attempt.requested", "link.issued"]);
      expect(events[index + 1].seq).toBe(events[index].seq + 1n);
    }
    expect(await db.auditEventPending.count()).toBe(0);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });

  it("records nothing for a transaction that rolls back", async () => {
    const failing = db.$transaction(async (tx) => {
      await recordEvents(tx, [{ type: "session.created", attemptId: "rolled-back", outcome: "success" }]);
      throw new Error("the state change failed");
    });
    await expect(failing).rejects.toThrow("the state change failed");
    expect(await db.auditEvent.count({ where: { attemptId: "rolled-back" } })).toBe(0);
    expect(await db.auditEventPending.count()).toBe(0);
  });

  it("refuses to chain from a transaction that could read a stale head", async () => {
    const repeatable = db.$transaction((tx) => recordEvents(tx, [{ type: "session.created", attemptId: "repeatable-read" }]), {
      isolationLevel: "RepeatableRead",
    });
    await expect(repeatable).rejects.toThrow(/READ COMMITTED/);
    expect(await db.auditEvent.count({ where: { attemptId: "repeatable-read" } })).toBe(0);
  });

  it("refuses UPDATE and DELETE from the application, and from the owner", async () => {
    await recordEvents(db, [{ type: "session.created", outcome: "success" }]);
    const before = await db.auditEvent.count();
    await expect(db.auditEvent.updateMany({ data: { type: "tampered" } })).rejects.toThrow(/permission denied/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);
    await expect(admin.query('UPDATE "AuditEvent" SET type = $1', ["tampered"])).rejects.toThrow(/append-only: refused UPDATE/);
    await expect(admin.query('DELETE FROM "AuditEvent"')).rejects.toThrow(/append-only: refused DELETE/);
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { type: "tampered" } })).toBe(0);
  });

  it("never stores a secret-looking detail", async () => {
    await expect(db.$transaction((tx) => recordEvents(tx, [{ type: "link.issued", details: { token: "abc" } }]))).rejects.toThrow(
      /may not carry/,
    );
  });

  it("points at the first event altered directly in SQL", async () => {
    await recordEvents(db, [
      { type: "link.fetched", outcome: "info", details: { likelyScanner: true } },
      { type: "link.opened", outcome: "info" },
    ]);
    const target = await db.auditEvent.findFirst({ where: { type: "link.fetched" }, orderBy: { seq: "desc" } });
    // The owner can switch the guard off; the event's MAC still gives the edit away.
    await admin.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_refuse_update');
    const tamper = (details: string) => admin.query(`UPDATE "AuditEvent" SET details = $2::jsonb WHERE seq = $1`, [target!.seq, details]);
    try {
      await tamper('{"likelyScanner": false}');
      const verdict = await verifyAuditChain(db);
      expect(verdict).toMatchObject({ intact: false, brokenAtSeq: target!.seq, problem: "not-authentic" });
    } finally {
      // Put it back so the other tests in this database see an intact chain.
      await tamper('{"likelyScanner": true}');
      await admin.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_refuse_update');
    }
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });
});
