import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { extendStreakSql, streakKey } from "../../rate-limit/code-failure-streak";
import { OPEN_STATUSES } from "../attempt-status";

export type CodeTry = { ok: true; tryNumber: number; streak: number } | { ok: false; reason: "no-try-left" | "codes-locked" };

/**
 * Takes one of the attempt's tries and one place in the address's streak of wrong codes, in
 * one statement, before the code is compared. The attempt's try is taken only while it is
 * open, unexpired and below codeMaxTries, so however many guesses race, at most codeMaxTries
 * are ever judged. When the streak is at its cap the try is given back and codes are refused.
 */
export async function reserveCodeTry(
  attempt: { id: string; email: string },
  limits: { codeMaxTries: number; streakCap: number },
  now: Date,
): Promise<CodeTry> {
  const stamp = now.toISOString();
  const [row] = await db.$queryRaw<Array<{ tryNumber: number | null; streak: number | null }>>`
    WITH held AS (
      UPDATE "LoginAttempt" SET "codeFailures" = "codeFailures" + 1
      WHERE id = ${attempt.id} AND "codeFailures" < ${limits.codeMaxTries}
        AND status::text = ANY(${OPEN_STATUSES}) AND "expiresAt" > ${stamp}::timestamp(3)
      RETURNING "codeFailures"
    ), streak AS (${extendStreakSql(streakKey.signInCode(attempt.email), limits.streakCap, now, Prisma.sql`held`)})
    SELECT (SELECT "codeFailures" FROM held) AS "tryNumber", (SELECT failures FROM streak) AS streak`;
  if (row.tryNumber === null) return { ok: false, reason: "no-try-left" };
  if (row.streak === null) {
    await giveBackCodeTry(attempt.id);
    return { ok: false, reason: "codes-locked" };
  }
  return { ok: true, tryNumber: row.tryNumber, streak: row.streak };
}

/** A try taken for a guess that was never judged. */
export async function giveBackCodeTry(attemptId: string): Promise<void> {
  await db.$executeRaw`UPDATE "LoginAttempt" SET "codeFailures" = "codeFailures" - 1 WHERE id = ${attemptId} AND "codeFailures" > 0`;
}
