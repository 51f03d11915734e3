import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { AppError } from "../errors/app-error";
import { adminActionEvent } from "./admin-audit";
import { OPEN_STATUSES as OPEN_ATTEMPT_STATUSES } from "../magic-link/attempt-status";
import type { AdminActor } from "./require-admin";

/** Stops an open attempt: its link and code no longer work. One conditional UPDATE, so a redemption racing it either wins first or fails. */
export async function cancelAttempt(actor: AdminActor, attemptId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const attempt = await tx.loginAttempt.findUnique({ where: { id: attemptId }, select: { id: true, userId: true, status: true } });
    if (!attempt) throw new AppError("not-found", "That sign-in attempt does not exist.");
    const cancelled = await tx.loginAttempt.updateMany({
      where: { id: attemptId, status: { in: [...OPEN_ATTEMPT_STATUSES] } },
      data: { status: "CANCELLED", failedAt: now, failureReason: "cancelled-by-admin" },
    });
    if (cancelled.count !== 1)
      throw new AppError(
        "conflict",
        `This attempt is already ${attempt.status.toLowerCase().replace("_", " ")}; only open attempts can be cancelled.`,
      );
    await recordEvents(
      tx,
      [
        {
          type: "attempt.cancelled",
          attemptId,
          userId: attempt.userId,
          outcome: "info",
          reason: "cancelled by an administrator",
          details: { adminUserId: actor.userId },
        },
        adminActionEvent(actor, "attempt.cancel", { targetAttemptId: attemptId, targetUserId: attempt.userId }, attemptId),
      ],
      now,
    );
  });
}
