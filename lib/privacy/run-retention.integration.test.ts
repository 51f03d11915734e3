import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneDatabase, dropDatabase, migratedTemplate, type ScratchDatabase } from "@/test/integration/scratch-database";
import type { TestDatabase } from "@/test/support/test-database";
import { emitCheckpoint } from "../audit/emit-checkpoint";
import { recordEvents } from "../audit/record-events";
import { verifyAuditChain } from "../audit/verify-chain";
import { newId } from "../security/ids";
import { ERASED_ADDRESS } from "./erased-address";
import { runRetention } from "./run-retention";

// Its own database: a retention run erases everything old, whoever wrote it.
let template: TestDatabase;
let scratch: ScratchDatabase;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

beforeAll(async () => {
  template = await migratedTemplate("retention");
  scratch = await cloneDatabase(template);
}, 120_000);

afterAll(async () => {
  await scratch.drop();
  await dropDatabase(template.ownerUrl);
});

async function attempt(email: string, requestedAt: Date, userId: string | null = null) {
  return scratch.app.loginAttempt.create({
    data: {
      id: newId(),
      email,
      userId,
      linkTokenHash: newId(),
      codeHash: "c",
      bindingHash: "b",
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + 600_000),
      requestIp: "203.0.113.50",
      requestUserAgent: "Mozilla/5.0 (old)",
      redeemIp: "203.0.113.51",
      smtpResponse: "550 5.1.1 <stranger@example.com> unknown",
    },
  });
}

describe("runRetention", () => {
  it("erases personal data past the retention period and leaves the chain verifiable, checkpoints included", async () => {
    const user = await scratch.app.user.create({ data: { email: "keeper@example.com" } });
    const oldStranger = await attempt("stranger@example.com", daysAgo(200));
    const oldMember = await attempt("keeper@example.com", daysAgo(200), user.id);
    const recent = await attempt("recent@example.com", daysAgo(1));
    for (let index = 0; index < 7; index++) {
      await recordEvents(
        scratch.app,
        [{ type: "link.fetched", attemptId: oldStranger.id, ip: `198.51.100.${index}`, userAgent: "Scanner/1.0", details: { index } }],
        daysAgo(200 - index),
      );
    }
    await recordEvents(scratch.app, [{ type: "session.created", userId: user.id, ip: "192.0.2.7", userAgent: "Firefox" }], daysAgo(1));
    await scratch.app.emailOutbox.create({
      data: { kind: "magic-link", to: "stranger@example.com", status: "SENT", createdAt: daysAgo(200) },
    });
    await emitCheckpoint(daysAgo(1), scratch.app);

    const result = await runRetention(now, scratch.app, { auditBatch: 3 });

    expect(result).toMatchObject({ auditEvents: 7, attempts: 2, addresses: 1, outboxMessages: 1 });
    const verdict = await verifyAuditChain(scratch.app, { now });
    expect(verdict).toMatchObject({ intact: true });
    expect(verdict.intact && verdict.checkpoints.count).toBe(1);
    const events = await scratch.app.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(
      events
        .filter((event) => event.type === "link.fetched")
        .every((event) => event.ip === null && event.userAgent === null && event.personalSalt === null),
    ).toBe(true);
    expect(events.find((event) => event.type === "session.created")).toMatchObject({ ip: "192.0.2.7", userAgent: "Firefox" });
    // Three batches of at most 3, and one for the other records: each erasure is in the trail.
    const erasures = events
      .filter((event) => event.type === "data.retention_erased")
      .map((event) => event.details as Record<string, unknown>);
    expect(erasures.map((details) => details.personalFieldsErased ?? details.attempts)).toEqual([3, 3, 1, 2]);

    const [stranger, member, fresh] = await Promise.all(
      [oldStranger, oldMember, recent].map((row) => scratch.app.loginAttempt.findUniqueOrThrow({ where: { id: row.id } })),
    );
    expect(stranger).toMatchObject({ email: ERASED_ADDRESS, requestIp: null, requestUserAgent: null, redeemIp: null, smtpResponse: null });
    expect(member).toMatchObject({ email: "keeper@example.com", requestIp: null, smtpResponse: null });
    expect(fresh).toMatchObject({ email: "recent@example.com", requestIp: "203.0.113.50" });
    expect(await scratch.app.emailOutbox.count()).toBe(0);
  });

  it("changes nothing and records nothing when run again", async () => {
    const before = await scratch.app.auditEvent.count();
    expect(await runRetention(now, scratch.app)).toMatchObject({
      auditEvents: 0,
      attempts: 0,
      addresses: 0,
      outboxMessages: 0,
      sessions: 0,
    });
    expect(await scratch.app.auditEvent.count()).toBe(before);
    expect((await verifyAuditChain(scratch.app)).intact).toBe(true);
  });
});
