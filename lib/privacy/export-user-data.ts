import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { adminActionEvent } from "../admin/admin-audit";
import { AppError } from "../errors/app-error";
import type { AdminActor } from "../admin/require-admin";

const MAX_EVENTS = 50_000;

/**
 * Everything stored about one person, as JSON, for a subject-access request: the account,
 * its sessions and factors (names and dates, never keys or secrets), sign-in attempts by the
 * account or for its address, email changes, suppression of the address, and the audit
 * events about them. The export itself is audited.
 */
export async function exportUserData(actor: AdminActor, userId: string, now: Date = new Date()) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, emailVerified: true, createdAt: true, lockedAt: true, lockReason: true },
  });
  if (!user) throw new AppError("not-found", "That account does not exist.");
  const attempts = await db.loginAttempt.findMany({
    where: { OR: [{ userId }, { email: user.email }] },
    orderBy: { requestedAt: "asc" },
    select: {
      id: true,
      email: true,
      status: true,
      requestedAt: true,
      expiresAt: true,
      requestIp: true,
      requestUserAgent: true,
      deliveryStatus: true,
      sentAt: true,
      firstFetchedAt: true,
      fetchCount: true,
      openedAt: true,
      confirmedAt: true,
      redeemedAt: true,
      redeemedVia: true,
      approverIp: true,
      approverUserAgent: true,
      redeemIp: true,
      redeemUserAgent: true,
      failureReason: true,
      riskLevel: true,
      riskScore: true,
      riskReasons: true,
    },
  });
  const attemptIds = attempts.map((attempt) => attempt.id);
  const [sessions, passkeys, totp, emailChanges, factorResets, suppression, events] = await Promise.all([
    db.session.findMany({
      where: { userId },
      select: { createdAt: true, lastSeenAt: true, expires: true, ip: true, userAgent: true, amr: true, authTime: true },
    }),
    db.passkey.findMany({ where: { userId }, select: { name: true, createdAt: true, lastUsedAt: true, transports: true } }),
    db.totpFactor.findUnique({ where: { userId }, select: { createdAt: true, confirmedAt: true } }),
    db.emailChange.findMany({
      where: { userId },
      select: { oldEmail: true, newEmail: true, createdAt: true, confirmedAt: true, revertedAt: true },
    }),
    db.factorReset.findMany({
      where: { userId },
      orderBy: { requestedAt: "asc" },
      select: {
        requestedAt: true,
        requestedByEmail: true,
        reason: true,
        effectiveAt: true,
        cancelledAt: true,
        cancelledBy: true,
        completedAt: true,
      },
    }),
    db.emailSuppression.findUnique({ where: { email: user.email.toLowerCase() } }),
    db.auditEvent.findMany({
      where: { OR: [{ userId }, { attemptId: { in: attemptIds } }] },
      orderBy: { seq: "asc" },
      take: MAX_EVENTS,
      select: {
        seq: true,
        createdAt: true,
        type: true,
        attemptId: true,
        outcome: true,
        reason: true,
        ip: true,
        userAgent: true,
        details: true,
      },
    }),
  ]);
  await db.$transaction((tx) =>
    recordEvents(
      tx,
      [
        { type: "data.user_exported", userId, outcome: "success", details: { attempts: attempts.length, events: events.length } },
        adminActionEvent(actor, "user.export", { targetUserId: userId }),
      ],
      now,
    ),
  );
  return {
    exportedAt: now.toISOString(),
    account: user,
    sessions,
    factors: { passkeys, authenticatorApp: totp },
    factorResets,
    emailChanges,
    suppression,
    signInAttempts: attempts,
    auditEvents: events.map((event) => ({ ...event, seq: event.seq.toString() })),
    ...(events.length === MAX_EVENTS ? { note: `Only the first ${MAX_EVENTS} audit events are included.` } : {}),
  };
}
