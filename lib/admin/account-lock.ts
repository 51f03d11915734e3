import "server-only";
import { db } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";

import { clearStreaks, streakKey } from "../rate-limit/code-failure-streak";
import { AppError } from "../errors/app-error";
import { adminActionEvent } from "./admin-audit";
import { OPEN_STATUSES as OPEN_ATTEMPT_STATUSES } from "../magic-link/attempt-status";
import type { AdminActor } from "./require-admin";
import { OWNER_REPORTED_LOCK_REASON } from "../account/secure-account";
import { endSessions } from "../account/sessions";

/**
 * Locks an account at once, in one transaction: no new sign-ins (request and redemption
 * check lockedAt), every session ended, every open link and code stopped (status LOCKED).
 */
export async function lockAccount(
  actor: AdminActor,
  userId: string,
  reason: string,
  now: Date = new Date(),
): Promise<{ sessionsEnded: number; attemptsStopped: number }> {
  if (userId === actor.userId) throw new AppError("conflict", "You cannot lock your own account from here.");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, lockedAt: true } });
    if (!user) throw new AppError("not-found", "That account does not exist.");
    if (user.lockedAt) throw new AppError("conflict", "This account is already locked.");
    // The owner may lift only the lock their own "this wasn't me" click set, told apart by its reason.
    const lockReason = reason === OWNER_REPORTED_LOCK_REASON ? `${reason} (locked by an administrator)` : reason;
    await tx.user.update({ where: { id: userId }, data: { lockedAt: now, lockReason } });
    // A change of address asked for before the lock must not complete after it.
    await tx.emailChange.deleteMany({ where: { userId, confirmedAt: null } });
    await recordEvents(tx, [{ type: "account.locked", userId, outcome: "success", reason, details: { adminUserId: actor.userId } }], now);
    const sessionsEnded = await endSessions(tx, { userId, reason: "account locked by an administrator" }, {}, now);
    const attempts = await tx.loginAttempt.findMany({
      where: { OR: [{ userId }, { email: user.email }], status: { in: [...OPEN_ATTEMPT_STATUSES] } },
      select: { id: true },
    });
    await tx.loginAttempt.updateMany({
      where: { id: { in: attempts.map((a) => a.id) }, status: { in: [...OPEN_ATTEMPT_STATUSES] } },
      data: { status: "LOCKED", failedAt: now, failureReason: "account-locked" },
    });
    const events: AuditEventInput[] = [
      ...attempts.map((a): AuditEventInput => ({
        type: "attempt.cancelled",
        attemptId: a.id,
        userId,
        outcome: "info",
        reason: "account locked by an administrator",
      })),
      adminActionEvent(actor, "account.lock", { targetUserId: userId, sessionsEnded, attemptsStopped: attempts.length }),
    ];
    await recordEvents(tx, events, now);
    return { sessionsEnded, attemptsStopped: attempts.length };
  });
}

export async function unlockAccount(actor: AdminActor, userId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const unlocked = await tx.user.updateMany({
      where: { id: userId, lockedAt: { not: null } },
      data: { lockedAt: null, lockReason: null },
    });
    if (unlocked.count !== 1) {
      const exists = await tx.user.count({ where: { id: userId } });
      throw exists ? new AppError("conflict", "This account is not locked.") : new AppError("not-found", "That account does not exist.");
    }
    await recordEvents(
      tx,
      [
        { type: "account.unlocked", userId, outcome: "success", details: { by: "admin", adminUserId: actor.userId } },
        adminActionEvent(actor, "account.unlock", { targetUserId: userId }),
      ],
      now,
    );
  });
}

/**
 * After CODE_FAILURES_IN_A_ROW_MAX wrong codes in a row an account's codes are switched off
 * (NIST SP 800-63B 5.2.2); an administrator who has checked with the owner switches them back on.
 */
export async function switchCodesBackOn(actor: AdminActor, userId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw new AppError("not-found", "That account does not exist.");
    await clearStreaks(tx, [streakKey.signInCode(user.email), streakKey.stepUpCode(userId)]);
    await recordEvents(
      tx,
      [
        {
          type: "account.codes_switched_on",
          userId,
          outcome: "success",
          reason: "by an administrator",
          details: { adminUserId: actor.userId },
        },
        adminActionEvent(actor, "account.codes_on", { targetUserId: userId }),
      ],
      now,
    );
  });
}
