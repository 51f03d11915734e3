import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { AdminActor } from "../admin/require-admin";
import { recordEvents } from "../audit/record-events";
import { verifyAuditChain } from "../audit/verify-chain";
import { newId } from "../security/ids";
import { ERASED_ADDRESS } from "./erased-address";
import { eraseUserData } from "./erase-user-data";
import { exportUserData } from "./export-user-data";

async function person(email: string) {
  const user = await db.user.create({ data: { email } });
  const attempt = (userId: string | null) =>
    db.loginAttempt.create({
      data: {
        id: newId(),
        email,
        userId,
        linkTokenHash: newId(),
        codeHash: "c",
        bindingHash: "b",
        expiresAt: new Date(Date.now() + 600_000),
        requestIp: "203.0.113.80",
        requestUserAgent: "Mozilla/5.0",
      },
    });
  // The first attempt came before the account existed; the second by the account.
  const [first, second] = [await attempt(null), await attempt(user.id)];
  await recordEvents(db, [
    { type: "attempt.requested", attemptId: first.id, ip: "203.0.113.80", userAgent: "Mozilla/5.0" },
    { type: "session.created", userId: user.id, ip: "203.0.113.81", userAgent: "Mozilla/5.0" },
    { type: "link.fetched", attemptId: second.id, ip: "203.0.113.82", userAgent: "Mozilla/5.0" },
  ]);
  await db.session.create({
    data: { tokenHash: newId(), userId: user.id, expires: new Date(Date.now() + 86_400_000), ip: "203.0.113.81", userAgent: "Mozilla/5.0" },
  });
  await db.emailOutbox.create({ data: { kind: "magic-link", to: email, attemptId: second.id, status: "SENT" } });
  return { user, attemptIds: [first.id, second.id] };
}

const actor: AdminActor = {
  userId: "cadminerasure0000000000000",
  email: "admin@example.com",
  sessionHash: "s",
  ip: "192.0.2.1",
  userAgent: "Admin UA",
  deviceHash: null,
};

describe("requests from a person about their data", () => {
  it("exports everything stored about them, and records the export", async () => {
    const { user, attemptIds } = await person(`export-${Date.now()}@example.com`);
    const data = await exportUserData(actor, user.id);
    expect(data.account.email).toBe(user.email);
    expect(data.signInAttempts.map((attempt) => attempt.id).sort()).toEqual([...attemptIds].sort());
    expect(data.auditEvents.map((event) => event.type)).toEqual(["attempt.requested", "session.created", "link.fetched"]);
    expect(data.sessions).toHaveLength(1);
    expect(JSON.stringify(data)).not.toMatch(/sessionToken|tokenHash|linkTokenHash|codeHash|secret/);
    expect(await db.auditEvent.count({ where: { type: "data.user_exported", userId: user.id } })).toBe(1);
  });

  it("refuses an erasure whose confirmation does not match, and changes nothing", async () => {
    const { user } = await person(`mistyped-${Date.now()}@example.com`);
    await expect(eraseUserData(actor, user.id, "someone-else@example.com")).rejects.toMatchObject({ code: "invalid-input" });
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: user.id, ip: null } })).toBe(0);
  });

  it("erases the account, their attempts' addresses and network details, and their events' personal fields; the chain still verifies", async () => {
    const { user, attemptIds } = await person(`erase-${Date.now()}@example.com`);
    const result = await eraseUserData(actor, user.id, user.email.toUpperCase());
    expect(result).toEqual({ attempts: 2, auditEvents: 3, outboxMessages: 1 });
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const attempts = await db.loginAttempt.findMany({ where: { id: { in: attemptIds } } });
    expect(attempts.every((attempt) => attempt.email === ERASED_ADDRESS && attempt.requestIp === null && attempt.userId === null)).toBe(
      true,
    );
    expect(await db.loginAttempt.count({ where: { email: user.email } })).toBe(0);
    const events = await db.auditEvent.findMany({
      where: { OR: [{ userId: user.id }, { attemptId: { in: attemptIds } }] },
      orderBy: { seq: "asc" },
    });
    expect(events.filter((event) => event.ip !== null || event.userAgent !== null)).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(["attempt.requested", "session.created", "link.fetched", "data.user_erased"]);
    expect(await db.auditEvent.count({ where: { type: "admin.action", details: { path: ["targetUserId"], equals: user.id } } })).toBe(1);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });
});
