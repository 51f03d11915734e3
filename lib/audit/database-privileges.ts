import type { Db } from "../db";

export interface AuditPrivileges {
  role: string;
  /** What the app's own role could do to the audit tables beyond appending; empty when it is confined. */
  excess: string[];
}

/**
 * Asks PostgreSQL what the role the app connects as may do to the audit trail. With one URL
 * (development, the embedded database) the app owns the tables: tampering is still detected
 * but no longer refused, and the admin console says so.
 */
export async function auditPrivileges(db: Db): Promise<AuditPrivileges> {
  const [row] = await db.$queryRaw<
    Array<{
      role: string;
      superuser: boolean;
      owner: boolean;
      update: boolean;
      delete: boolean;
      truncate: boolean;
      checkpointWrite: boolean;
    }>
  >`
    SELECT current_user AS role,
      coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) AS superuser,
      pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = '"AuditEvent"'::regclass), 'MEMBER') AS owner,
      has_table_privilege('"AuditEvent"', 'UPDATE') AS update,
      has_table_privilege('"AuditEvent"', 'DELETE') AS delete,
      has_table_privilege('"AuditEvent"', 'TRUNCATE') AS truncate,
      has_table_privilege('"AuditCheckpoint"', 'UPDATE') OR has_table_privilege('"AuditCheckpoint"', 'DELETE') AS "checkpointWrite"`;
  const excess: string[] = [];
  if (row.superuser) excess.push("is a superuser");
  if (row.owner) excess.push("owns the audit tables (may disable their triggers and rules)");
  const verbs = (["update", "delete", "truncate"] as const).filter((verb) => row[verb]).map((verb) => verb.toUpperCase());
  if (verbs.length > 0 && !row.owner && !row.superuser) excess.push(`may ${verbs.join(", ")} audit events`);
  if (row.checkpointWrite && !row.owner && !row.superuser) excess.push("may change or delete checkpoints");
  return { role: row.role, excess };
}
