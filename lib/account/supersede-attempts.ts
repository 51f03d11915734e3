import type { Tx } from "../db";
import { recordEvents } from "../audit/record-events";
import { OPEN_STATUSES } from "../magic-link/attempt-status";

/** Pending sign-in links and codes for these addresses stop working (design §7: any change of account state ends them). */
export async function supersedeOpenAttempts(
  tx: Tx,
  emails: string[],
  userId: string,
  reason: string,
  now: Date = new Date(),
): Promise<void> {
  const open = await tx.loginAttempt.findMany({
    where: { email: { in: emails }, status: { in: [...OPEN_STATUSES] } },
    select: { id: true },
  });
  if (open.length === 0) return;
  await tx.loginAttempt.updateMany({
    where: { id: { in: open.map((attempt) => attempt.id) }, status: { in: [...OPEN_STATUSES] } },
    data: { status: "SUPERSEDED", failedAt: now, failureReason: reason },
  });
  await recordEvents(
    tx,
    open.map((attempt) => ({ type: "attempt.superseded" as const, attemptId: attempt.id, userId, outcome: "info" as const, reason })),
    now,
  );
}
