import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { suppressionKey } from "../mail/suppression";
import { keyedHash } from "../security/secrets";
import { AppError } from "../errors/app-error";
import { adminActionEvent } from "./admin-audit";
import type { AdminActor } from "./require-admin";

const PAGE = 100;

/** Suppressed addresses in force, newest first (optionally those starting with `query`), and the latest lifted ones. */
export async function listSuppressions(query: string | undefined, now: Date = new Date()) {
  const prefix = query?.trim().toLowerCase();
  const [active, lifted] = await Promise.all([
    db.emailSuppression.findMany({
      where: { liftedAt: null, until: { gt: now }, ...(prefix ? { email: { startsWith: prefix } } : {}) },
      orderBy: { lastEventAt: "desc" },
      take: PAGE,
    }),
    db.emailSuppression.findMany({
      where: { liftedAt: { not: null }, ...(prefix ? { email: { startsWith: prefix } } : {}) },
      orderBy: { liftedAt: "desc" },
      take: 20,
    }),
  ]);
  return { active, lifted };
}

/**
 * An administrator's override: mail to the address flows again (a mailbox that was fixed, a
 * complaint made by mistake). A new hard bounce or complaint suppresses it again. The events
 * name the address by its keyed hash, as the feedback events do, never in clear.
 */
export async function liftSuppression(actor: AdminActor, address: string, now: Date = new Date()): Promise<void> {
  const email = suppressionKey(address);
  await db.$transaction(async (tx) => {
    const row = await tx.emailSuppression.findUnique({ where: { email } });
    const lifted = await tx.emailSuppression.updateMany({
      where: { email, liftedAt: null, until: { gt: now } },
      data: { liftedAt: now, liftedBy: actor.userId },
    });
    if (lifted.count !== 1 || !row) throw new AppError("conflict", "Mail to this address is not suppressed (any more).");
    const addressHash = keyedHash("email", email).slice(0, 16);
    await recordEvents(
      tx,
      [
        {
          type: "email.suppression_lifted",
          userId: actor.userId,
          outcome: "info",
          reason: `lifted by an administrator (was: ${row.reason})`,
          details: { addressHash, wasUntil: row.until.toISOString(), provider: row.provider },
        },
        adminActionEvent(actor, "suppression.lift", { addressHash, reason: row.reason }),
      ],
      now,
    );
  });
}
