import "server-only";
import { db } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import type { AdminActor } from "./require-admin";

function actorContext(actor: AdminActor) {
  return { userId: actor.userId, sessionHash: actor.sessionHash, ip: actor.ip, userAgent: actor.userAgent, deviceHash: actor.deviceHash };
}

/** Every admin page view is itself audited: which page, with which filters (never secrets). */
export async function recordAdminView(actor: AdminActor, page: string, details: Record<string, unknown> = {}): Promise<void> {
  await recordEvents(db, [{ type: "admin.viewed", ...actorContext(actor), outcome: "info", details: { ...withoutEmpty(details), page } }]);
}

/** The admin.action event for a change an administrator made, written in the change's own transaction. */
export function adminActionEvent(
  actor: AdminActor,
  action: string,
  target: Record<string, unknown>,
  attemptId?: string | null,
): AuditEventInput {
  return {
    type: "admin.action",
    ...actorContext(actor),
    attemptId: attemptId ?? null,
    outcome: "success",
    details: { action, ...withoutEmpty(target) },
  };
}

function withoutEmpty(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value !== null && value !== ""));
}
