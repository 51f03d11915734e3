import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { keyedHash } from "../security/secrets";
import { decideSessionValidity } from "./session-validity";

const TOUCH_EVERY_MS = 60_000;

export type ActiveSession = NonNullable<Awaited<ReturnType<typeof findSession>>>;

function findSession(token: string) {
  return db.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: { user: { select: { id: true, email: true, role: true, lockedAt: true, name: true, image: true, emailVerified: true } } },
  });
}

/**
 * The one place a session cookie is turned into a session: idle and absolute timeouts and
 * account locks are enforced here, on the server, for Auth.js and for our own pages alike.
 * `token` is the cookie's value; the session row holds only its keyed hash (tokenHash).
 */
export async function loadActiveSession(token: string, now: Date = new Date()): Promise<ActiveSession | null> {
  const session = await loadValidSession(token, now);
  // Held for another browser's approval (device-approval.ts): no session at all, for Auth.js and
  // every page and route, except the page where it waits.
  return session && !session.awaitingDeviceApproval ? session : null;
}

/** The session of a browser whose HIGH-risk sign-in waits for a known browser's approval, for its waiting page only. */
export async function loadSessionAwaitingApproval(token: string, now: Date = new Date()): Promise<ActiveSession | null> {
  const session = await loadValidSession(token, now);
  return session?.awaitingDeviceApproval ? session : null;
}

async function loadValidSession(token: string, now: Date): Promise<ActiveSession | null> {
  const session = await findSession(token);
  if (!session) return null;
  const env = readEnv();
  const verdict = decideSessionValidity(
    { createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, expires: session.expires, userLocked: session.user.lockedAt !== null },
    { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS },
    now,
  );
  if (!verdict.valid) {
    await db.session.deleteMany({ where: { id: session.id } });
    await recordEvents(
      db,
      [
        {
          type: "session.expired",
          userId: session.userId,
          sessionHash: session.tokenHash,
          outcome: "info",
          reason: verdict.reason,
        },
      ],
      now,
    );
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return session;
}

/**
 * The keyed hash a session is stored under, and recorded as in the audit trail (sessionHash):
 * the cookie's token never reaches the database.
 */
export function hashSessionToken(token: string): string {
  return keyedHash("session", token);
}
