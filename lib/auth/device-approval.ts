import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import type { RequestFacts } from "../request/request-facts";
import type { ActiveSession } from "./session-store";

/** A held sign-in can be approved for this long after it began, with this many tries at its number. */
export const DEVICE_APPROVAL_WINDOW_MINUTES = 10;
export const DEVICE_APPROVAL_MAX_TRIES = 3;

export type ApprovalOutcome = { ok: true } | { ok: false; code: "not-allowed" | "gone" | "wrong-number" | "too-many-tries" };

function windowStart(now: Date): Date {
  return new Date(now.getTime() - DEVICE_APPROVAL_WINDOW_MINUTES * 60_000);
}

/** Whether a held sign-in can still be approved. */
export function stillAwaitingApproval(held: { createdAt: Date }, now: Date = new Date()): boolean {
  return held.createdAt.getTime() > windowStart(now).getTime();
}

/** Only a full session in a browser that signed in to the account before (and was not forgotten) may approve. */
async function mayApprove(approver: ActiveSession): Promise<boolean> {
  if (approver.awaitingSignInFactor || approver.awaitingDeviceApproval || !approver.deviceHash) return false;
  const known = await db.knownDevice.count({ where: { userId: approver.userId, deviceHash: approver.deviceHash, revokedAt: null } });
  return known > 0;
}

/** HIGH-risk sign-ins waiting for this account's approval, for the account page of a browser that may give it. */
export async function approvalRequestsFor(approver: ActiveSession, now: Date = new Date()) {
  if (!(await mayApprove(approver))) return [];
  return db.session.findMany({
    where: { userId: approver.userId, awaitingDeviceApproval: true, createdAt: { gt: windowStart(now) }, NOT: { id: approver.id } },
    select: { id: true, createdAt: true, ip: true, userAgent: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * A known browser approves a held sign-in by typing the number the waiting browser shows, so a
 * tap on a prompt the owner did not expect cannot let an attacker in. Each try is spent before
 * the number is compared; after the last wrong one the held sign-in ends.
 */
export async function approveHeldSignIn(
  approver: ActiveSession,
  heldId: string,
  typed: number,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<ApprovalOutcome> {
  if (!(await mayApprove(approver))) return { ok: false, code: "not-allowed" };
  const context = { userId: approver.userId, ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  return db.$transaction(async (tx) => {
    const spent = await tx.session.updateMany({
      where: {
        id: heldId,
        userId: approver.userId,
        awaitingDeviceApproval: true,
        createdAt: { gt: windowStart(now) },
        approvalTries: { lt: DEVICE_APPROVAL_MAX_TRIES },
      },
      data: { approvalTries: { increment: 1 } },
    });
    if (spent.count !== 1) return { ok: false as const, code: "gone" as const };
    const held = await tx.session.findUniqueOrThrow({
      where: { id: heldId },
      select: { tokenHash: true, approvalNumber: true, approvalTries: true },
    });
    if (held.approvalNumber !== typed) {
      const last = held.approvalTries >= DEVICE_APPROVAL_MAX_TRIES;
      if (last) await tx.session.deleteMany({ where: { id: heldId } });
      await recordEvents(
        tx,
        [
          {
            type: "crossdevice.denied",
            ...context,
            sessionHash: held.tokenHash,
            outcome: "failure",
            reason: last ? "wrong number, no tries left: held sign-in ended" : "wrong number typed to approve a held sign-in",
          },
        ],
        now,
      );
      return { ok: false as const, code: last ? ("too-many-tries" as const) : ("wrong-number" as const) };
    }
    await tx.session.update({ where: { id: heldId }, data: { awaitingDeviceApproval: false, approvalNumber: null } });
    await recordEvents(
      tx,
      [
        {
          type: "crossdevice.approved",
          ...context,
          sessionHash: held.tokenHash,
          outcome: "success",
          reason: "held HIGH-risk sign-in approved by a known browser",
        },
      ],
      now,
    );
    return { ok: true as const };
  });
}

/** "That wasn't me": the held sign-in ends at once. */
export async function denyHeldSignIn(
  approver: ActiveSession,
  heldId: string,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<boolean> {
  if (!(await mayApprove(approver))) return false;
  return db.$transaction(async (tx) => {
    const held = await tx.session.findFirst({
      where: { id: heldId, userId: approver.userId, awaitingDeviceApproval: true },
      select: { tokenHash: true },
    });
    if (!held) return false;
    await tx.session.deleteMany({ where: { id: heldId } });
    await recordEvents(
      tx,
      [
        {
          type: "crossdevice.denied",
          userId: approver.userId,
          sessionHash: held.tokenHash,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "success",
          reason: "held sign-in denied by a known browser",
        },
      ],
      now,
    );
    return true;
  });
}
