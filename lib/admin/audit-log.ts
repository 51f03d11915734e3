import "server-only";
import { z } from "zod";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { AUDIT_EVENT_TYPES } from "../audit/event-types";

const id = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{1,40}$/, "Not an id: lower-case letters and digits, such as cm3x9…");
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const auditFilterSchema = z.object({
  type: optional(z.enum(AUDIT_EVENT_TYPES, "Pick an event type from the list")),
  attemptId: optional(id),
  userId: optional(id),
  before: optional(z.string().regex(/^\d{1,19}$/, "Not an event number")),
  /** Admins' own page views are hidden unless asked for ("show") or filtered by type. */
  adminViews: optional(z.enum(["show"], "Not a choice")),
});

export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** Valid filters apply; an invalid one is reported by field, and the page then shows no events rather than the whole unfiltered trail. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): {
  filters: AuditFilters;
  fieldErrors: Partial<Record<keyof AuditFilters, string>>;
} {
  const single = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const filters: AuditFilters = {};
  const fieldErrors: Partial<Record<keyof AuditFilters, string>> = {};
  for (const key of Object.keys(auditFilterSchema.shape) as Array<keyof AuditFilters>) {
    const result = auditFilterSchema.shape[key].safeParse(single[key]);
    if (result.success) Object.assign(filters, { [key]: result.data });
    else fieldErrors[key] = result.error.issues[0]?.message ?? "Invalid value";
  }
  return { filters, fieldErrors };
}

export const AUDIT_PAGE_SIZE = 100;

/**
 * Raw events, newest first, keyset-paginated on seq ("before"). Each filter has its index:
 * (type, seq), (attemptId, seq), (userId, seq); none: the primary key.
 */
export async function listAuditEvents(filters: AuditFilters, limit = AUDIT_PAGE_SIZE) {
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.type ? { type: filters.type } : filters.adminViews === "show" ? {} : { type: { not: "admin.viewed" } }),
    ...(filters.attemptId ? { attemptId: filters.attemptId } : {}),
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.before ? { seq: { lt: BigInt(filters.before) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, take: limit + 1 });
  const page = rows.slice(0, limit);
  const userIds = [...new Set(page.flatMap((event) => (event.userId ? [event.userId] : [])))];
  const users = userIds.length > 0 ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return {
    // An erased account has no email any more; the page then shows its id.
    events: page.map((event) => ({
      ...event,
      seq: event.seq.toString(),
      userEmail: event.userId ? (emailOf.get(event.userId) ?? null) : null,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1].seq.toString() : null,
  };
}
