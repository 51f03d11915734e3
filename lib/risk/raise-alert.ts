import type { Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { adminAlertNotice } from "@/emails/notices";
import type { RiskLevel } from "../generated/prisma/client";

const REPEAT_WINDOW_MS = 60 * 60_000;

export interface AlertInput {
  kind: string;
  severity: RiskLevel;
  title: string;
  /** What the alert is about (an address, a network): one open alert per kind and subject per hour. */
  subject: string;
  attemptId?: string | null;
  userId?: string | null;
  details?: Record<string, unknown>;
  /** Tell the administrators by email too, except this one (an alert about an admin's own account goes to the others). */
  emailAdmins?: { except?: string | null };
  now: Date;
}

/**
 * An alert for the admin console's queue, in the caller's transaction, recorded in the trail.
 * While an alert of the same kind and subject is open and less than an hour old, a repeat only
 * refreshes it, so a burst makes one alert, not hundreds. Call kickOutbox() after commit when
 * admins were emailed.
 */
export async function raiseAlert(tx: Tx, input: AlertInput): Promise<{ raised: boolean }> {
  const details = { subject: input.subject, ...input.details };
  const open = await tx.alert.findFirst({
    where: {
      kind: input.kind,
      acknowledgedAt: null,
      createdAt: { gte: new Date(input.now.getTime() - REPEAT_WINDOW_MS) },
      details: { path: ["subject"], equals: input.subject },
    },
    select: { id: true },
  });
  if (open) {
    await tx.alert.update({ where: { id: open.id }, data: { details: { ...details, repeatedAt: input.now.toISOString() } } });
    return { raised: false };
  }
  const alert = await tx.alert.create({
    data: {
      createdAt: input.now,
      kind: input.kind,
      severity: input.severity,
      title: input.title,
      attemptId: input.attemptId,
      userId: input.userId,
      details,
    },
  });
  await recordEvents(
    tx,
    [
      {
        type: "alert.raised",
        attemptId: input.attemptId,
        userId: input.userId,
        outcome: "info",
        reason: input.kind,
        details: { alertId: alert.id, kind: input.kind },
      },
    ],
    input.now,
  );
  if (input.emailAdmins) await emailAdmins(tx, input.title, input.emailAdmins.except ?? null);
  return { raised: true };
}

async function emailAdmins(tx: Tx, title: string, exceptUserId: string | null): Promise<void> {
  const env = readEnv();
  const admins = await tx.user.findMany({
    where: {
      OR: [{ role: "ADMIN" }, { email: { in: env.ADMIN_EMAILS } }],
      lockedAt: null,
      NOT: exceptUserId ? { id: exceptUserId } : undefined,
    },
    select: { email: true },
  });
  const notice = adminAlertNotice({
    appName: env.APP_NAME,
    title,
    detail: "Details are in the admin console.",
    alertsUrl: `${env.AUTH_URL}/admin/alerts`,
  });
  for (const admin of admins) await enqueueEmail(tx, { to: admin.email, payload: { kind: "notice", ...notice } });
}
