import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { AppError } from "../errors/app-error";
import { adminActionEvent } from "./admin-audit";
import type { AdminActor } from "./require-admin";

/** Open alerts first (newest first), then the latest acknowledged ones. */
export async function listAlerts(options: { acknowledgedLimit?: number } = {}) {
  const [open, acknowledged] = await Promise.all([
    db.alert.findMany({ where: { acknowledgedAt: null }, orderBy: { createdAt: "desc" }, take: 200 }),
    db.alert.findMany({
      where: { acknowledgedAt: { not: null } },
      orderBy: { acknowledgedAt: "desc" },
      take: options.acknowledgedLimit ?? 50,
    }),
  ]);
  return { open, acknowledged };
}

export async function countOpenAlerts(): Promise<number> {
  return db.alert.count({ where: { acknowledgedAt: null } });
}

export async function acknowledgeAlert(actor: AdminActor, alertId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const updated = await tx.alert.updateMany({
      where: { id: alertId, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedBy: actor.email },
    });
    if (updated.count !== 1) {
      const exists = await tx.alert.count({ where: { id: alertId } });
      throw exists
        ? new AppError("conflict", "This alert was already acknowledged.")
        : new AppError("not-found", "That alert does not exist.");
    }
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, select: { attemptId: true, kind: true } });
    await recordEvents(
      tx,
      [
        {
          type: "alert.acknowledged",
          attemptId: alert.attemptId,
          userId: actor.userId,
          outcome: "info",
          details: { alertId, kind: alert.kind },
        },
        adminActionEvent(actor, "alert.acknowledge", { alertId }, alert.attemptId),
      ],
      now,
    );
  });
}
