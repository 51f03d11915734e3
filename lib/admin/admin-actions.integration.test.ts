import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashSessionToken, loadActiveSession } from "@/lib/auth/session-store";
import { OWNER_REPORTED_LOCK_REASON } from "@/lib/account/secure-account";
import { lockAccount, switchCodesBackOn, unlockAccount } from "./account-lock";
import { streakKey, streakLength } from "@/lib/rate-limit/code-failure-streak";
import { AppError } from "../errors/app-error";
import { acknowledgeAlert } from "./alerts";
import { cancelAttempt } from "./cancel-attempt";
import type { AdminActor } from "./require-admin";
import { revokeSessions } from "./session-revocation";

const unique = () => randomBytes(4).toString("hex");

async function adminActor(): Promise<AdminActor> {
  const admin = await db.user.create({ data: { email: `admin-${unique()}@actions.test`, role: "ADMIN" } });
  return {
    userId: admin.id,
    email: admin.email,
    sessionHash: "admin-session-hash",
    ip: "192.0.2.10",
    userAgent: "admin browser",
    deviceHash: "admin-device",
  };
}

async function userWithSessions(count: number) {
  const user = await db.user.create({ data: { email: `user-${unique()}@actions.test` } });
  const tokens = Array.from({ length: count }, () => randomBytes(24).toString("hex"));
  for (const token of tokens)
    await db.session.create({ data: { tokenHash: hashSessionToken(token), userId: user.id, expires: new Date(Date.now() + 3_600_000) } });
  return { user, tokens };
}

async function openAttempt(email: string, userId: string | null, status: "PENDING" | "AWAITING_APPROVAL" | "REDEEMED" = "PENDING") {
  return db.loginAttempt.create({
    data: {
      email,
      userId,
      status,
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash: "b",
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
}

async function eventsSince(seq: bigint) {
  return db.auditEvent.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
}

async function lastSeq(): Promise<bigint> {
  return (await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
}

describe("admin actions change state and audit it", () => {
  it("lock ends every session, stops open links by user or address, and unlock reverses only the lock", async () => {
    const actor = await adminActor();
    const { user, tokens } = await userWithSessions(2);
    const byUser = await openAttempt(user.email, user.id);
    const byAddress = await openAttempt(user.email, null, "AWAITING_APPROVAL");
    const done = await openAttempt(user.email, user.id, "REDEEMED");
    const before = await lastSeq();

    expect(await lockAccount(actor, user.id, "stolen laptop")).toEqual({ sessionsEnded: 2, attemptsStopped: 2 });

    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      lockReason: "stolen laptop",
      lockedAt: expect.any(Date),
    });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await loadActiveSession(tokens[0])).toBeNull();
    const statuses = await db.loginAttempt.findMany({
      where: { id: { in: [byUser.id, byAddress.id, done.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(statuses.map((a) => [a.id, a.status]))).toEqual({
      [byUser.id]: "LOCKED",
      [byAddress.id]: "LOCKED",
      [done.id]: "REDEEMED",
    });

    const events = await eventsSince(before);
    expect(events.map((e) => e.type)).toEqual([
      "account.locked",
      "session.revoked",
      "session.revoked",
      "attempt.cancelled",
      "attempt.cancelled",
      "admin.action",
    ]);
    expect(events[0]).toMatchObject({ userId: user.id, reason: "stolen laptop", details: { adminUserId: actor.userId } });
    expect(new Set(events.filter((e) => e.type === "session.revoked").map((e) => e.sessionHash))).toEqual(
      new Set(tokens.map(hashSessionToken)),
    );
    expect(events[5]).toMatchObject({
      userId: actor.userId,
      ip: "192.0.2.10",
      details: { action: "account.lock", targetUserId: user.id, sessionsEnded: 2, attemptsStopped: 2 },
    });
    expect(JSON.stringify(events, (_key, value) => (typeof value === "bigint" ? String(value) : value))).not.toContain(tokens[0]);

    await expect(lockAccount(actor, user.id, "again")).rejects.toMatchObject({ code: "conflict" });
    const beforeUnlock = await lastSeq();
    await unlockAccount(actor, user.id);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ lockedAt: null, lockReason: null });
    expect((await eventsSince(beforeUnlock)).map((e) => [e.type, (e.details as { action?: string }).action])).toEqual([
      ["account.unlocked", undefined],
      ["admin.action", "account.unlock"],
    ]);
    await expect(unlockAccount(actor, user.id)).rejects.toBeInstanceOf(AppError);
  });

  it("an administrator's lock never carries the owner's reason, so the owner cannot lift it with a factor", async () => {
    const actor = await adminActor();
    const user = await db.user.create({ data: { email: `copied-reason-${randomBytes(4).toString("hex")}@example.com` } });
    await lockAccount(actor, user.id, OWNER_REPORTED_LOCK_REASON);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockReason).toBe(
      `${OWNER_REPORTED_LOCK_REASON} (locked by an administrator)`,
    );
  });

  it("an admin cannot lock their own account", async () => {
    const actor = await adminActor();
    await expect(lockAccount(actor, actor.userId, "oops")).rejects.toMatchObject({ code: "conflict" });
  });

  it("revokes one session, then all, each with its events", async () => {
    const actor = await adminActor();
    const { user, tokens } = await userWithSessions(3);
    const [first] = await db.session.findMany({ where: { tokenHash: hashSessionToken(tokens[0]) } });
    const before = await lastSeq();
    expect(await revokeSessions(actor, user.id, first.id)).toEqual({ revoked: 1 });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
    await expect(revokeSessions(actor, user.id, first.id)).rejects.toMatchObject({ code: "not-found" });
    expect(await revokeSessions(actor, user.id, null)).toEqual({ revoked: 2 });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const events = await eventsSince(before);
    expect(events.map((e) => e.type)).toEqual(["session.revoked", "admin.action", "session.revoked", "session.revoked", "admin.action"]);
    expect(events[1].details).toMatchObject({ action: "session.revoke", targetUserId: user.id, targetSessionId: first.id, revoked: 1 });
    expect(events[4].details).toMatchObject({ action: "session.revoke_all", targetUserId: user.id, revoked: 2 });
  });

  it("a session of another user cannot be revoked through this user", async () => {
    const actor = await adminActor();
    const { tokens } = await userWithSessions(1);
    const { user: other } = await userWithSessions(0);
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(tokens[0]) } });
    await expect(revokeSessions(actor, other.id, session.id)).rejects.toMatchObject({ code: "not-found" });
    expect(await db.session.count({ where: { id: session.id } })).toBe(1);
  });

  it("cancels only open attempts", async () => {
    const actor = await adminActor();
    const open = await openAttempt(`c-${unique()}@actions.test`, null);
    const before = await lastSeq();
    await cancelAttempt(actor, open.id);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: "CANCELLED",
      failureReason: "cancelled-by-admin",
    });
    expect((await eventsSince(before)).map((e) => [e.type, e.attemptId])).toEqual([
      ["attempt.cancelled", open.id],
      ["admin.action", open.id],
    ]);
    await expect(cancelAttempt(actor, open.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(cancelAttempt(actor, "nosuchattempt0000000")).rejects.toMatchObject({ code: "not-found" });
  });

  it("acknowledges an alert once", async () => {
    const actor = await adminActor();
    const alert = await db.alert.create({ data: { kind: "high-risk-attempt", severity: "HIGH", title: "test alert" } });
    await acknowledgeAlert(actor, alert.id);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      acknowledgedBy: actor.email,
      acknowledgedAt: expect.any(Date),
    });
    await expect(acknowledgeAlert(actor, alert.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("switching codes back on ends both streaks of wrong codes, and is audited", async () => {
    const actor = await adminActor();
    const { user } = await userWithSessions(0);
    const keys = [streakKey.signInCode(user.email), streakKey.stepUpCode(user.id)];
    for (const key of keys) await db.codeFailureStreak.create({ data: { key, failures: 100, updatedAt: new Date() } });
    const before = await lastSeq();
    await switchCodesBackOn(actor, user.id);
    for (const key of keys) expect(await streakLength(key)).toBe(0);
    expect((await eventsSince(before)).map((event) => event.type)).toEqual(["account.codes_switched_on", "admin.action"]);
  });
});
