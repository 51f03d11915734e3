import { Prisma } from "../generated/prisma/client";

/**
 * Prisma stores DateTime as `timestamp` (no zone) holding UTC. Passing the value as text and
 * casting keeps comparisons right whatever the database session's time zone is.
 */
export function sqlTimestamp(date: Date): Prisma.Sql {
  return Prisma.sql`${date.toISOString().replace("Z", "")}::timestamp`;
}

/** Selects a timestamp as ISO-8601 UTC text, for values that go straight to the page. */
export function sqlIsoText(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
