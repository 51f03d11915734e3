import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { decodeAttemptCursor, encodeAttemptCursor, type AttemptCursor } from "./attempt-cursor";
import type { AttemptFilters } from "./attempt-filters";
import { sqlIsoText, sqlTimestamp } from "./sql-time";

export interface AttemptRow {
  id: string;
  email: string;
  userId: string | null;
  status: string;
  requestedAt: Date;
  expiresAt: Date;
  /** The status, except that an open attempt past its expiry reads EXPIRED. */
  displayStatus: string;
  riskLevel: "LOW" | "ELEVATED" | "HIGH";
  riskScore: number;
  riskReasons: Array<{ signal: string; reason: string }>;
  requestIp: string | null;
  requestUserAgent: string | null;
  redeemedAt: Date | null;
  redeemedVia: string | null;
  redeemIp: string | null;
  deliveryStatus: string;
  fetchCount: number;
  codeFailures: number;
  failureReason: string | null;
}

interface RawRow extends Omit<AttemptRow, "requestedAt" | "redeemedAt" | "expiresAt" | "displayStatus"> {
  requestedAt: string;
  expiresAt: string;
  redeemedAt: string | null;
}

export const ATTEMPTS_PAGE_SIZE = 50;

function whereClause(filters: AttemptFilters, after: AttemptCursor | null): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.email) conditions.push(Prisma.sql`email = ${filters.email}`);
  if (filters.status) conditions.push(Prisma.sql`status = ${filters.status}::"AttemptStatus"`);
  if (filters.risk) conditions.push(Prisma.sql`"riskLevel" = ${filters.risk}::"RiskLevel"`);
  if (filters.ip) conditions.push(Prisma.sql`"requestIp" = ${filters.ip}`);
  if (filters.from) conditions.push(Prisma.sql`"requestedAt" >= ${sqlTimestamp(filters.from)}`);
  if (filters.to) conditions.push(Prisma.sql`"requestedAt" < ${sqlTimestamp(filters.to)}`);
  if (after) {
    // Row comparison: PostgreSQL walks the (riskScore, requestedAt, id) index straight to the next page.
    conditions.push(
      filters.sort === "risk"
        ? Prisma.sql`("riskScore", "requestedAt", id) < (${after.riskScore}, ${sqlTimestamp(after.requestedAt)}, ${after.id})`
        : Prisma.sql`("requestedAt", id) < (${sqlTimestamp(after.requestedAt)}, ${after.id})`,
    );
  }
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/** One page of attempts, suspicious first by default (riskScore, then newest), with a cursor to the next. */
const OPEN = new Set(["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"]);

export async function listAttempts(
  filters: AttemptFilters,
  options: { cursor?: unknown; limit?: number; now?: Date } = {},
): Promise<{ rows: AttemptRow[]; nextCursor: string | null }> {
  const now = options.now ?? new Date();
  const limit = Math.min(Math.max(options.limit ?? ATTEMPTS_PAGE_SIZE, 1), 1_000);
  const after = decodeAttemptCursor(options.cursor);
  const order =
    filters.sort === "risk"
      ? Prisma.sql`ORDER BY "riskScore" DESC, "requestedAt" DESC, id DESC`
      : Prisma.sql`ORDER BY "requestedAt" DESC, id DESC`;
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT id, email, "userId", status::text AS status, ${sqlIsoText(Prisma.sql`"requestedAt"`)} AS "requestedAt", ${sqlIsoText(Prisma.sql`"expiresAt"`)} AS "expiresAt",
      "riskLevel"::text AS "riskLevel", "riskScore", "riskReasons", "requestIp", "requestUserAgent",
      ${sqlIsoText(Prisma.sql`"redeemedAt"`)} AS "redeemedAt", "redeemedVia", "redeemIp", "deliveryStatus"::text AS "deliveryStatus",
      "fetchCount", "codeFailures", "failureReason"
    FROM "LoginAttempt" ${whereClause(filters, after)} ${order} LIMIT ${limit + 1}`;
  const rows = raw.slice(0, limit).map((row) => ({
    ...row,
    requestedAt: new Date(row.requestedAt),
    expiresAt: new Date(row.expiresAt),
    displayStatus: OPEN.has(row.status) && new Date(row.expiresAt) <= now ? "EXPIRED" : row.status,
    redeemedAt: row.redeemedAt ? new Date(row.redeemedAt) : null,
    riskReasons: Array.isArray(row.riskReasons) ? row.riskReasons : [],
  }));
  const last = rows[rows.length - 1];
  return { rows, nextCursor: raw.length > limit && last ? encodeAttemptCursor(last) : null };
}

/** Every attempt matching the filters, in pages, for the CSV export. */
export async function* iterateAttempts(filters: AttemptFilters, maxRows: number): AsyncGenerator<AttemptRow> {
  let cursor: string | null = null;
  let sent = 0;
  do {
    const page: { rows: AttemptRow[]; nextCursor: string | null } = await listAttempts(filters, { cursor, limit: 1_000 });
    for (const row of page.rows) {
      if (sent++ >= maxRows) return;
      yield row;
    }
    cursor = page.nextCursor;
  } while (cursor);
}
