import { db, type Db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { keyedHash } from "../security/secrets";

/**
 * Consecutive wrong codes per account, for good (CodeFailureStreak). Each guess extends the
 * streak before it is compared, in the same statement that takes its other slots, and only
 * while the streak is below the cap; a right guess ends it. Sign-in codes and step-up codes
 * keep separate streaks: a right sign-in code (which a mailbox holder always has) must not
 * wipe the streak of wrong authenticator codes that same person is piling up.
 */
export const streakKey = {
  signInCode: (email: string) => `email:${keyedHash("email", email)}`,
  stepUpCode: (userId: string) => `user:${userId}`,
};

/**
 * An INSERT … ON CONFLICT that extends the streak by one for each row of `source` (a WITH
 * clause name, or a one-row SELECT) while it is below `cap`, RETURNING the new length. Under
 * concurrency the conflict row is locked and the cap re-checked, so the cap is exact.
 */
export function extendStreakSql(key: string, cap: number, now: Date, source: Prisma.Sql = Prisma.sql`(SELECT 1) AS one`): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "CodeFailureStreak" (key, failures, "updatedAt")
    SELECT ${key}, 1, ${now.toISOString()}::timestamp(3) FROM ${source}
    ON CONFLICT (key) DO UPDATE SET failures = "CodeFailureStreak".failures + 1, "updatedAt" = EXCLUDED."updatedAt"
    WHERE "CodeFailureStreak".failures < ${cap}
    RETURNING failures`;
}

/** Takes the next place in the streak; null when the streak is at the cap (codes are switched off). */
export async function extendStreak(key: string, cap: number, now: Date): Promise<number | null> {
  const rows = await db.$queryRaw<Array<{ failures: number }>>(extendStreakSql(key, cap, now));
  return rows[0]?.failures ?? null;
}

/** A right code: the streak is over (and a reserved place in it given back). */
export async function endStreak(client: Db | Tx, key: string): Promise<void> {
  await client.codeFailureStreak.deleteMany({ where: { key } });
}

/** A passkey proof or an admin: codes work again for every kind of code of this account. */
export async function clearStreaks(client: Db | Tx, keys: string[]): Promise<void> {
  await client.codeFailureStreak.deleteMany({ where: { key: { in: keys } } });
}

export async function streakLength(key: string): Promise<number> {
  const row = await db.codeFailureStreak.findUnique({ where: { key }, select: { failures: true } });
  return row?.failures ?? 0;
}
