import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { logEvent } from "../log";
import { raiseAlert } from "../risk/raise-alert";
import { factorResetCompletedNotice } from "../../emails/notices";
import { describeFactors } from "./decide-factor-reset";
import { endSessions } from "./sessions";
import { supersedeOpenAttempts } from "./supersede-attempts";

// Run by the complete-factor-resets job, also in `npm run worker` (plain Node, no react-server
// condition): nothing here or below may import "server-only".

/**
 * Completes one due reset, if it is still pending (a racing cancel may have won): every passkey,
 * the authenticator app and the recovery codes go, and every session of the account ends, since
 * each may carry a step-up proven with a factor that no longer exists. Browsers lose their
 * "factor proven here" mark; open sign-in links stop. Returns false when it was not pending.
 */
export async function completeFactorReset(resetId: string, now: Date = new Date()): Promise<boolean> {
  const done = await db.$transaction(async (tx) => {
    const claimed = await tx.factorReset.updateMany({
      where: { id: resetId, cancelledAt: null, completedAt: null, effectiveAt: { lte: now } },
      data: { completedAt: now },
    });
    if (claimed.count !== 1) return false;
    const reset = await tx.factorReset.findUniqueOrThrow({ where: { id: resetId }, include: { user: { select: { email: true } } } });
    const userId = reset.userId;
    const passkeys = await tx.passkey.deleteMany({ where: { userId } });
    const totp = await tx.totpFactor.deleteMany({ where: { userId } });
    const recoveryCodes = await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.knownDevice.updateMany({ where: { userId }, data: { factorProvenAt: null } });
    const sessionsEnded = await endSessions(tx, { userId, reason: "factors reset by an administrator" }, {}, now);
    await supersedeOpenAttempts(tx, [reset.user.email], userId, "factor-removed", now);
    const removed = describeFactors(
      { passkeys: passkeys.count, totp: totp.count > 0, recoveryCodes: recoveryCodes.count },
      "your authenticator app",
    );
    await recordEvents(
      tx,
      [
        {
          type: "factor.reset_completed",
          userId,
          outcome: "success",
          reason: reset.reason,
          details: {
            resetId,
            requestedBy: reset.requestedById,
            passkeysRemoved: passkeys.count,
            authenticatorRemoved: totp.count > 0,
            recoveryCodesRemoved: recoveryCodes.count,
            sessionsEnded,
          },
        },
      ],
      now,
    );
    const env = readEnv();
    const notice = factorResetCompletedNotice({
      appName: env.APP_NAME,
      at: now,
      removed,
      sessionsEnded,
      signInUrl: `${env.AUTH_URL}/signin`,
    });
    await enqueueEmail(tx, { to: reset.user.email, payload: { kind: "notice", ...notice } });
    await raiseAlert(tx, {
      kind: "factor-reset-completed",
      severity: "ELEVATED",
      title: `The factors of ${reset.user.email} were reset, as ${reset.requestedByEmail} asked`,
      subject: `${resetId}:completed`,
      userId,
      details: { resetId, sessionsEnded },
      now,
    });
    return true;
  });
  if (done) kickOutbox();
  return done;
}

/** The job: completes every reset whose window has passed, one transaction each. */
export async function completeDueFactorResets(now: Date = new Date()): Promise<number> {
  const due = await db.factorReset.findMany({
    where: { cancelledAt: null, completedAt: null, effectiveAt: { lte: now } },
    orderBy: { effectiveAt: "asc" },
    take: 100,
    select: { id: true },
  });
  let completed = 0;
  for (const reset of due) if (await completeFactorReset(reset.id, now)) completed += 1;
  if (completed > 0) logEvent("info", "factor_reset.completed", { completed });
  return completed;
}
