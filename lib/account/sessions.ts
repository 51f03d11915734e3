import { db, type Tx } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import { type ActiveSession } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";

export async function listSessions(userId: string) {
  return db.session.findMany({
    where: { userId },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true, amr: true },
  });
}

/**
 * The one way sessions end before their time (the owner, an administrator, a lock, an email
 * change, a factor reset): inside the caller's transaction, each one recorded. `keepSessionId`
 * spares the session making the request; `details` go on every event (who did it).
 */
export async function endSessions(
  tx: Tx,
  input: { userId: string; keepSessionId?: string; only?: string; reason: string; details?: Record<string, unknown> },
  context: Pick<AuditEventInput, "ip" | "userAgent" | "deviceHash"> = {},
  now: Date = new Date(),
): Promise<number> {
  const where = {
    userId: input.userId,
    ...(input.only ? { id: input.only } : {}),
    ...(input.keepSessionId ? { NOT: { id: input.keepSessionId } } : {}),
  };
  const doomed = await tx.session.findMany({ where, select: { id: true, tokenHash: true } });
  if (doomed.length === 0) return 0;
  await tx.session.deleteMany({ where: { id: { in: doomed.map((session) => session.id) } } });
  await recordEvents(
    tx,
    doomed.map((session) => ({
      type: "session.revoked" as const,
      userId: input.userId,
      sessionHash: session.tokenHash,
      ...context,
      outcome: "success" as const,
      reason: input.reason,
      ...(input.details ? { details: input.details } : {}),
    })),
    now,
  );
  return doomed.length;
}

/** The caller has checked sessions.revokeOthers: from a stolen session, "sign out that one" would end the owner's. */
export async function revokeSession(current: ActiveSession, sessionId: string, facts: RequestFacts): Promise<boolean> {
  if (sessionId === current.id) return false;
  const ended = await db.$transaction((tx) =>
    endSessions(tx, { userId: current.userId, only: sessionId, keepSessionId: current.id, reason: "revoked by the user" }, facts),
  );
  return ended === 1;
}

/** The caller has checked sessions.revokeOthers. */
export async function revokeOtherSessions(current: ActiveSession, facts: RequestFacts): Promise<number> {
  return db.$transaction((tx) =>
    endSessions(tx, { userId: current.userId, keepSessionId: current.id, reason: "other sessions revoked by the user" }, facts),
  );
}
