import "server-only";
import { db } from "../db";
import { readEnv } from "../env";
import { describeDevice } from "../request/device-description";
import { isAdminAccount } from "../auth/admin-identity";
import { streakKey } from "../rate-limit/code-failure-streak";

export const USER_ID = /^[a-z0-9]{1,40}$/;

/** A user with their latest attempts (by user or address), live sessions, recent events and alerts. */
export async function loadUserDetail(userId: string, now: Date = new Date()) {
  if (!USER_ID.test(userId)) return null;
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return null;
  const env = readEnv();
  const [attempts, sessions, events, alerts, passkeys, totp, recoveryCodes, streaks, pendingReset] = await Promise.all([
    db.loginAttempt.findMany({
      where: { OR: [{ userId }, { email: user.email }] },
      orderBy: { requestedAt: "desc" },
      take: 50,
      select: {
        id: true,
        status: true,
        requestedAt: true,
        riskLevel: true,
        riskScore: true,
        requestIp: true,
        requestUserAgent: true,
        redeemedVia: true,
      },
    }),
    db.session.findMany({ where: { userId, expires: { gt: now } }, orderBy: { lastSeenAt: "desc" } }),
    db.auditEvent.findMany({
      where: { userId },
      orderBy: { seq: "desc" },
      take: 20,
      select: { seq: true, type: true, createdAt: true, outcome: true, reason: true, ip: true },
    }),
    db.alert.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.passkey.count({ where: { userId } }),
    db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    db.codeFailureStreak.findMany({
      where: { key: { in: [streakKey.signInCode(user.email), streakKey.stepUpCode(userId)] } },
      select: { failures: true },
    }),
    db.factorReset.findFirst({
      where: { userId, cancelledAt: null, completedAt: null },
      select: { id: true, requestedAt: true, effectiveAt: true, requestedByEmail: true, reason: true },
    }),
  ]);
  return {
    user,
    isAdmin: isAdminAccount(user, env.ADMIN_EMAILS),
    codesSwitchedOff: streaks.some((streak) => streak.failures >= env.CODE_FAILURES_IN_A_ROW_MAX),
    attempts: attempts.map((attempt) => ({ ...attempt, device: describeDevice(attempt.requestUserAgent).label })),
    // Only what an administrator needs to tell sessions apart; the token never leaves the database.
    sessions: sessions.map((session) => ({
      id: session.id,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      ip: session.ip,
      device: describeDevice(session.userAgent).label,
      amr: session.amr,
      attemptId: session.attemptId,
    })),
    events: events.map((event) => ({ ...event, seq: event.seq.toString() })),
    alerts,
    factors: { passkeys, totp: totp > 0, recoveryCodes },
    pendingReset,
  };
}

export type UserDetail = NonNullable<Awaited<ReturnType<typeof loadUserDetail>>>;

/** Users by exact address or address prefix, else the newest accounts; locked accounts are flagged. */
export async function searchUsers(query: string | undefined, limit = 50) {
  const term = query?.trim().toLowerCase();
  return db.user.findMany({
    where: term ? { email: { startsWith: term } } : {},
    orderBy: term ? { email: "asc" } : { createdAt: "desc" },
    take: limit,
    select: { id: true, email: true, role: true, lockedAt: true, createdAt: true, _count: { select: { sessions: true } } },
  });
}
