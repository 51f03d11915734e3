import "server-only";
import { db } from "../db";
import type { AuditEventType } from "../audit/event-types";
import { methodLabel } from "./method-labels";

/** What the owner sees of their own trail: sign-ins, step-ups and security changes. */
export const ACTIVITY_LABELS: Partial<Record<AuditEventType, string>> = {
  "session.created": "Signed in",
  "session.signed_out": "Signed out",
  "session.revoked": "Session signed out remotely",
  "session.expired": "Session expired",
  "stepup.succeeded": "Confirmed it's you",
  "stepup.failed": "Failed to confirm it's you",
  "code.failed": "Wrong sign-in code",
  "passkey.sign_in_failed": "Passkey sign-in refused",
  "crossdevice.approved": "Sign-in approved from another device",
  "crossdevice.denied": "Sign-in refused from another device",
  "factor.added": "Sign-in factor added",
  "factor.removed": "Sign-in factor removed",
  "factor.recovery_used": "Recovery code used",
  "factor.reset_requested": "An administrator asked to reset your factors",
  "factor.reset_cancelled": "Factor reset cancelled",
  "factor.reset_completed": "Factors reset by an administrator",
  "email.changed": "Email address changed",
  "email.change_reverted": "Email change undone",
  "account.locked": "Account locked",
  "account.unlocked": "Account unlocked",
  "account.code_lockout": "Sign-in codes paused",
};

export async function recentActivity(userId: string, take = 15) {
  const events = await db.auditEvent.findMany({
    where: { userId, type: { in: Object.keys(ACTIVITY_LABELS) } },
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, createdAt: true, type: true, ip: true, userAgent: true, outcome: true, details: true },
  });
  return events.map((event) => ({ ...event, seq: event.seq.toString(), label: describeEvent(event.type, event.details, event.outcome) }));
}

/** The label, plus the one detail that makes it recognisable ("with a passkey", "“Work laptop”"). */
function describeEvent(type: string, details: unknown, outcome: string | null): string {
  const label = ACTIVITY_LABELS[type as AuditEventType] ?? type;
  const facts = (details ?? {}) as { method?: unknown; factor?: unknown; name?: unknown; by?: unknown };
  if (type === "session.created" && facts.method === "passkey") return `${label} with a passkey`;
  if (type === "stepup.succeeded" || type === "stepup.failed") {
    return typeof facts.method === "string" ? `${label} (${methodLabel(facts.method)})` : label;
  }
  if (type === "account.unlocked") {
    if (outcome === "failure") return "Refused: an attempt to unlock the account";
    if (facts.by === "owner" && typeof facts.method === "string") return `${label} by you (${methodLabel(facts.method)})`;
    return `${label} by an administrator`;
  }
  if (type === "factor.reset_cancelled" && outcome === "failure") return "Refused: a used or expired factor-reset cancel link";
  if ((type === "factor.added" || type === "factor.removed") && typeof facts.factor === "string") {
    return `${label}: ${facts.factor}${typeof facts.name === "string" ? ` “${facts.name}”` : ""}`;
  }
  return label;
}
