import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { endSessions } from "../account/sessions";

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
    const revoked = await endSessions(
      tx,
      { userId, only: sessionId ?? undefined, reason: "revoked by an administrator", details: { adminUserId: actor.userId } },
      {},
      now,
    );
    if (sessionId && revoked === 0) throw new AppError("not-found", "That session has already ended.");
    await recordEvents(
      tx,
      [
        adminActionEvent(actor, sessionId ? "session.revoke" : "session.revoke_all", {
          targetUserId: userId,
          targetSessionId: sessionId,
          revoked,
        }),
      ],
      now,
    );
    return { revoked };
  });
}
