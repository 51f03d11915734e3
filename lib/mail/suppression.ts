import type { Db, Tx } from "../db";
import { db as defaultDb } from "../db";
import { readEnv } from "../env";

export type SuppressionReason = "hard-bounce" | "complaint";

export const SUPPRESSION_REASON_TEXT: Record<string, string> = { "hard-bounce": "hard bounce", complaint: "spam complaint" };

export interface ActiveSuppression {
  reason: SuppressionReason;
  until: Date;
}

/** Suppressions are kept per address, case-insensitively: mailboxes practically never differ by case. */
export function suppressionKey(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Whether mail to this address is stopped now (a hard bounce or complaint, not yet expired or
 * lifted). Asked for every outgoing message, so in plain SQL: a Prisma model query costs about
 * a millisecond of CPU in its query compiler, taken from the requests the same process serves.
 */
export async function activeSuppression(
  address: string,
  now: Date = new Date(),
  db: Db | Tx = defaultDb,
): Promise<ActiveSuppression | null> {
  const [row] = await db.$queryRaw<Array<{ reason: string; until: Date }>>`
    SELECT reason, until FROM "EmailSuppression" WHERE email = ${suppressionKey(address)} AND "liftedAt" IS NULL AND until > ${now}`;
  return row ? { reason: row.reason as SuppressionReason, until: row.until } : null;
}

/**
 * Stops mail to an address for EMAIL_SUPPRESSION_DAYS from now, in the caller's transaction.
 * A new hard bounce or complaint renews the period and undoes an administrator's earlier lift.
 */
export async function suppressAddress(tx: Tx, address: string, reason: SuppressionReason, provider: string, now: Date): Promise<Date> {
  const until = new Date(now.getTime() + readEnv().EMAIL_SUPPRESSION_DAYS * 86_400_000);
  const email = suppressionKey(address);
  await tx.emailSuppression.upsert({
    where: { email },
    create: { email, reason, provider, lastEventAt: now, until },
    update: { reason, provider, lastEventAt: now, until, liftedAt: null, liftedBy: null },
  });
  return until;
}
