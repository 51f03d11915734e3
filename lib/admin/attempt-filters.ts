import { z } from "zod";
import { normaliseIp } from "../request/client-ip";

export const ATTEMPT_STATUSES = [
  "PENDING",
  "AWAITING_APPROVAL",
  "REDEEMED",
  "SUPERSEDED",
  "CANCELLED",
  "LOCKED",
  "DELIVERY_FAILED",
] as const;
export const RISK_LEVELS = ["LOW", "ELEVATED", "HIGH"] as const;

export interface AttemptFilters {
  email?: string;
  status?: (typeof ATTEMPT_STATUSES)[number];
  risk?: (typeof RISK_LEVELS)[number];
  ip?: string;
  /** Inclusive lower bound on requestedAt. */
  from?: Date;
  /** Exclusive upper bound on requestedAt (the day after a date-only "to"). */
  to?: Date;
  /** "risk": suspicious first (the default); "newest": by time only. */
  sort: "risk" | "newest";
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const dateInput = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, "Use a date such as 2026-03-01")
    .optional(),
);

/** One schema for the filter form, the page, the cursor links and the CSV export. */
export const attemptFilterSchema = z.object({
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().max(254, "An address has at most 254 characters").optional()),
  status: z.preprocess(blankToUndefined, z.enum(ATTEMPT_STATUSES, "Pick a status from the list").optional()),
  risk: z.preprocess(blankToUndefined, z.enum(RISK_LEVELS, "Pick a risk level from the list").optional()),
  ip: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(64)
      .refine((value) => normaliseIp(value) !== null, "Not an IP address")
      .optional(),
  ),
  from: dateInput,
  to: dateInput,
  sort: z.preprocess(blankToUndefined, z.enum(["risk", "newest"]).default("risk")),
});

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Valid filters apply; invalid ones are reported by field (the page then lists nothing and the export refuses), so a typo never passes for an answer. */
export function parseAttemptFilters(params: RawSearchParams): {
  filters: AttemptFilters;
  fieldErrors: Partial<Record<keyof AttemptFilters, string>>;
} {
  const single = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const filters: AttemptFilters = { sort: "risk" };
  const fieldErrors: Partial<Record<keyof AttemptFilters, string>> = {};
  for (const key of ["email", "status", "risk", "ip", "from", "to", "sort"] as const) {
    const result = attemptFilterSchema.shape[key].safeParse(single[key]);
    if (!result.success) {
      fieldErrors[key] = result.error.issues[0]?.message ?? "Invalid value";
      continue;
    }
    if (result.data === undefined) continue;
    if (key === "from" || key === "to") filters[key] = toDate(result.data as string, key === "to");
    else if (key === "ip") filters.ip = normaliseIp(result.data as string) ?? undefined;
    else Object.assign(filters, { [key]: result.data });
  }
  return { filters, fieldErrors };
}

/** Date inputs are UTC; a date-only "to" includes that whole day. */
function toDate(value: string, isUpperBound: boolean): Date {
  if (dateOnly.test(value)) {
    const start = new Date(`${value}T00:00:00Z`);
    return isUpperBound ? new Date(start.getTime() + 86_400_000) : start;
  }
  return new Date(`${value}:00Z`);
}

/** The filters as query-string pairs, for links that keep them (pagination, export). */
export function filtersToSearchParams(filters: AttemptFilters, raw: RawSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["email", "status", "risk", "ip", "from", "to", "sort"] as const) {
    const value = raw[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text && filters[key] !== undefined && !(key === "sort" && filters.sort === "risk")) params.set(key, text);
  }
  return params;
}
