import type { Tx } from "../db";
import { recordEvents } from "../audit/record-events";

/** Serialises erasures, so the count recorded in each batch's event is the count erased. */
const ERASURE_LOCK = 724311004;

export interface AuditErasureScope {
  /** Events created before this time… */
  before?: Date;
  /** …or the events of this user and of these attempts (the user's own, and those for their address). */
  userId?: string;
  attemptIds?: string[];
}

/**
 * Erases the IP address and user agent (and their salt) of the events in scope, in the
 * caller's transaction, after recording an event that says what was erased: the database
 * function refuses otherwise (migration 20261129300001). Every event's MAC covers only a
 * salted digest of these fields, so the chain still verifies afterwards.
 */
export async function eraseAuditPersonalData(
  tx: Tx,
  scope: AuditErasureScope,
  event: { type: "data.retention_erased" | "data.user_erased"; details: Record<string, unknown>; userId?: string | null },
  limit: number,
  now: Date,
): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ERASURE_LOCK})`;
  // Events committed from now on (an import writing old dates, say) wait for the next run: the count recorded must be the count erased.
  const [{ head }] = await tx.$queryRaw<Array<{ head: bigint }>>`SELECT coalesce(max(seq), 0) AS head FROM "AuditEvent"`;
  const [{ due }] = await tx.$queryRaw<Array<{ due: number }>>`
    SELECT count(*)::int AS due FROM (
      SELECT 1 FROM "AuditEvent"
      WHERE "personalSalt" IS NOT NULL AND seq <= ${head}
        AND (${scope.before ?? null}::timestamp IS NULL OR "createdAt" < ${scope.before ?? null}::timestamp)
        AND (${scope.userId ?? null}::text IS NULL OR "userId" = ${scope.userId ?? null}::text OR "attemptId" = ANY(${scope.attemptIds ?? []}::text[]))
      LIMIT ${limit}) due`;
  if (due === 0) return 0;
  await recordEvents(
    tx,
    [{ type: event.type, userId: event.userId ?? null, outcome: "success", details: { ...event.details, personalFieldsErased: due } }],
    now,
  );
  const [{ erased }] = await tx.$queryRaw<Array<{ erased: number }>>`
    SELECT audit_erase_personal(${scope.before ?? null}::timestamp, ${scope.userId ?? null}::text, ${scope.attemptIds ?? []}::text[], ${head}::bigint, ${limit}::int) AS erased`;
  if (erased !== due) throw new Error(`Audit erasure expected ${due} events and erased ${erased}`);
  return erased;
}
