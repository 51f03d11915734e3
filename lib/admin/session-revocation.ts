import "server-only";
import { db } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";

import { AppError } from "../errors/app-error";
import { adminActionEvent } from "./admin-audit";
import type { AdminActor } from "./require-admin";

/**
 * Ends one session (sessionId given) or all of a user's sessions. Sessions live in the
 * database, so the very next request with a revoked cookie is signed out.
 */
export async function revokeSessions(
  actor: AdminActor,
  userId: string,
  sessionId: string | null,
  now: Date = new Date(),
): Promise<{ revoked: number }> {
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.findMany({
      where: { userId, ...(sessionId ? { id: sessionId } : {}) },
      select: { id: true, tokenHash: true },
    });
    if (sessionId && sessions.length === 0) throw new AppError("not-found", "That session has already ended.");
    await tx.session.deleteMany({ where: { id: { in: sessions.map((s) => s.id) } } });
    const events: AuditEventInput[] = [
      ...sessions.map((s): AuditEventInput => ({
        type: "session.revoked",
        userId,
        sessionHash: s.tokenHash,
        outcome: "success",
        reason: "revoked by an administrator",
        details: { adminUserId: actor.userId },
      })),
      adminActionEvent(actor, sessionId ? "session.revoke" : "session.revoke_all", {
        targetUserId: userId,
        targetSessionId: sessionId,
        revoked: sessions.length,
      }),
    ];
    await recordEvents(tx, events, now);
    return { revoked: sessions.length };
  });
}
