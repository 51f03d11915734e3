import "server-only";
import { db, type Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import { AppError } from "../errors/app-error";
import { userMessage } from "../errors/user-messages";
import { adminActionEvent } from "../admin/admin-audit";
import type { AdminActor } from "../admin/require-admin";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import type { RequestFacts } from "../request/request-facts";
import { raiseAlert } from "../risk/raise-alert";
import { keyedHash, randomToken } from "../security/secrets";
import { formatDateTime } from "@/lib/format/time";
import { factorResetCancelledNotice, factorResetRequestedNotice } from "@/emails/notices";
import {
  decideResetCancel,
  decideResetRequest,
  resetEffectiveAt,
  type ResetCancelRefusal,
  type ResetRequestRefusal,
} from "./decide-factor-reset";

/**
 * Recovery without a back door: an administrator can clear the factors of an owner who lost them
 * all, but never at once. The request is step-up gated (the caller's assertAdminForAction),
 * audited, alerted to the other administrators and mailed to the owner with a one-use cancel
 * link; a job completes it after FACTOR_RESET_DELAY_HOURS unless the owner or an administrator
 * cancelled it first. Cancel and completion each claim the row with one conditional UPDATE, so
 * when they race exactly one wins.
 */

const refused = (refusal: ResetRequestRefusal) =>
  new AppError(refusal === "not-found" ? "not-found" : "conflict", userMessage("factorResetRequest", refusal));

export function factorResetCancelUrl(resetId: string, secret: string): string {
  return `${readEnv().AUTH_URL}/factor-reset?reset=${encodeURIComponent(resetId)}#${secret}`;
}

async function factorCounts(tx: Tx, userId: string) {
  const [passkeys, totp, recoveryCodes] = await Promise.all([
    tx.passkey.count({ where: { userId } }),
    tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    tx.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { passkeys, totp: totp > 0, recoveryCodes };
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";

export async function requestFactorReset(
  actor: AdminActor,
  userId: string,
  reason: string,
  now: Date = new Date(),
): Promise<{ resetId: string; effectiveAt: Date }> {
  const env = readEnv();
  try {
    const outcome = await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
      const pending = user ? await tx.factorReset.count({ where: { userId, cancelledAt: null, completedAt: null } }) : 0;
      const decision = decideResetRequest({
        actorUserId: actor.userId,
        target: user ? { id: user.id, factors: await factorCounts(tx, user.id) } : null,
        pendingReset: pending > 0,
      });
      if (!decision.ok) throw refused(decision.refusal);
      const owner = user!;
      const secret = randomToken();
      const effectiveAt = resetEffectiveAt(now, env.FACTOR_RESET_DELAY_HOURS);
      const reset = await tx.factorReset.create({
        data: {
          userId,
          requestedById: actor.userId,
          requestedByEmail: actor.email,
          reason,
          requestedAt: now,
          effectiveAt,
          cancelSecretHash: keyedHash("factor-reset", secret),
        },
        select: { id: true },
      });
      const notice = factorResetRequestedNotice({
        appName: env.APP_NAME,
        adminEmail: actor.email,
        reason,
        requestedAt: now,
        effectiveAt,
        cancelUrl: factorResetCancelUrl(reset.id, secret),
      });
      await enqueueEmail(tx, { to: owner.email, payload: { kind: "notice", ...notice } });
      await recordEvents(
        tx,
        [
          {
            type: "factor.reset_requested",
            userId,
            outcome: "info",
            reason,
            details: { resetId: reset.id, adminUserId: actor.userId, effectiveAt: effectiveAt.toISOString() },
          },
          adminActionEvent(actor, "factor.reset", { targetUserId: userId, resetId: reset.id, effectiveAt: effectiveAt.toISOString() }),
        ],
        now,
      );
      await raiseAlert(tx, {
        kind: "factor-reset-requested",
        severity: "HIGH",
        title: `${actor.email} asked to reset every factor of ${owner.email}; it takes effect ${formatDateTime(effectiveAt)}`,
        subject: reset.id,
        userId,
        details: {
          resetId: reset.id,
          adminUserId: actor.userId,
          reason: `Reason given: ${reason}. Any administrator can cancel it on the user page until it takes effect; the owner can with the link we mailed them.`,
        },
        emailAdmins: { except: actor.userId },
        now,
      });
      return { resetId: reset.id, effectiveAt };
    });
    kickOutbox();
    return outcome;
  } catch (error) {
    // Two administrators at once: the partial unique index lets one pending reset through.
    if (isUniqueViolation(error)) throw refused("already-pending");
    throw error;
  }
}

type Canceller = { by: "owner"; facts: RequestFacts } | { by: "admin"; actor: AdminActor };

async function cancel(
  resetId: string,
  canceller: Canceller,
  now: Date,
): Promise<{ ok: true; userId: string } | { ok: false; refusal: ResetCancelRefusal }> {
  const outcome = await db.$transaction(async (tx) => {
    const claimed = await tx.factorReset.updateMany({
      where: { id: resetId, cancelledAt: null, completedAt: null, effectiveAt: { gt: now } },
      data: { cancelledAt: now, cancelledBy: canceller.by, cancelledByUserId: canceller.by === "admin" ? canceller.actor.userId : null },
    });
    const reset = await tx.factorReset.findUnique({ where: { id: resetId }, include: { user: { select: { email: true } } } });
    if (claimed.count !== 1 || !reset) {
      const decision = decideResetCancel(reset, now);
      return { ok: false as const, refusal: decision.ok ? ("too-late" as const) : decision.refusal };
    }
    const env = readEnv();
    const context =
      canceller.by === "owner"
        ? { ip: canceller.facts.ip, userAgent: canceller.facts.userAgent, deviceHash: canceller.facts.deviceHash }
        : {};
    const events: AuditEventInput[] = [
      {
        type: "factor.reset_cancelled",
        userId: reset.userId,
        ...context,
        outcome: "success",
        reason: canceller.by === "owner" ? "cancelled by the owner" : "cancelled by an administrator",
        details: { resetId, requestedBy: reset.requestedById },
      },
    ];
    if (canceller.by === "admin")
      events.push(adminActionEvent(canceller.actor, "factor.reset_cancel", { targetUserId: reset.userId, resetId }));
    await recordEvents(tx, events, now);
    const notice = factorResetCancelledNotice({
      appName: env.APP_NAME,
      by: canceller.by,
      at: now,
      accountUrl: `${env.AUTH_URL}/account/security`,
    });
    await enqueueEmail(tx, { to: reset.user.email, payload: { kind: "notice", ...notice } });
    await raiseAlert(tx, {
      kind: "factor-reset-cancelled",
      severity: canceller.by === "owner" ? "HIGH" : "ELEVATED",
      title:
        canceller.by === "owner"
          ? `${reset.user.email} cancelled the factor reset ${reset.requestedByEmail} asked for: check with them why`
          : `${canceller.actor.email} cancelled the factor reset of ${reset.user.email}`,
      subject: `${resetId}:cancelled`,
      userId: reset.userId,
      details: { resetId, requestedBy: reset.requestedByEmail },
      emailAdmins: { except: canceller.by === "admin" ? canceller.actor.userId : reset.userId },
      now,
    });
    return { ok: true as const, userId: reset.userId };
  });
  if (outcome.ok) kickOutbox();
  return outcome;
}

/** The owner's one-use link from the notice: its secret is the permission, no session is needed. */
export async function cancelFactorResetByOwner(
  resetId: string,
  secret: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; refusal: ResetCancelRefusal }> {
  const reset = await db.factorReset.findUnique({
    where: { cancelSecretHash: keyedHash("factor-reset", secret) },
    select: { id: true, userId: true },
  });
  if (!reset || reset.id !== resetId) return { ok: false, refusal: "invalid-link" };
  const outcome = await cancel(reset.id, { by: "owner", facts }, now);
  if (!outcome.ok) {
    // A replay or late click of a genuine link is worth a line in the trail; junk is not.
    await recordEvents(
      db,
      [
        {
          type: "factor.reset_cancelled",
          userId: reset.userId,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "failure",
          reason: `cancel link ${outcome.refusal}`,
          details: { resetId: reset.id },
        },
      ],
      now,
    );
    return outcome;
  }
  return { ok: true };
}

export async function cancelFactorResetByAdmin(actor: AdminActor, resetId: string, now: Date = new Date()): Promise<{ userId: string }> {
  const outcome = await cancel(resetId, { by: "admin", actor }, now);
  if (!outcome.ok)
    throw outcome.refusal === "invalid-link"
      ? new AppError("not-found", "That reset does not exist.")
      : new AppError("conflict", userMessage("factorResetCancel", outcome.refusal).replace("this link", "this reset"));
  return { userId: outcome.userId };
}
