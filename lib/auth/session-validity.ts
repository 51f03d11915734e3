export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expires: Date;
  userLocked: boolean;
}

export type SessionVerdict = { valid: true } | { valid: false; reason: "idle-timeout" | "absolute-timeout" | "expired" | "account-locked" };

/** Pure: is a session still good at `now`? */
export function decideSessionValidity(
  session: SessionTimes,
  limits: { idleMinutes: number; absoluteHours: number },
  now: Date,
): SessionVerdict {
  if (session.userLocked) return { valid: false, reason: "account-locked" };
  if (now >= session.expires) return { valid: false, reason: "expired" };
  if (now.getTime() - session.createdAt.getTime() >= limits.absoluteHours * 3_600_000) return { valid: false, reason: "absolute-timeout" };
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMinutes * 60_000) return { valid: false, reason: "idle-timeout" };
  return { valid: true };
}
