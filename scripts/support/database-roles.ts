import pg from "pg";
import { JOB_QUEUE_SCHEMA } from "../../lib/jobs/job-queues";

/**
 * What the app's own database role may do, table by table. Every table not named here gets
 * SELECT, INSERT, UPDATE and DELETE (never TRUNCATE, REFERENCES or TRIGGER). The audit tables
 * only take appends: events arrive in "AuditEventPending" and a trigger owned by the owner
 * role (SECURITY DEFINER) chains them into "AuditEvent".
 */
export const RESTRICTED_TABLES: Record<string, string[]> = {
  AuditEvent: ["SELECT"],
  AuditEventPending: ["SELECT", "INSERT"],
  AuditCheckpoint: ["SELECT", "INSERT"],
  /** Overview rollups: written only by their triggers (SECURITY DEFINER), so the app cannot skew them. */
  OverviewAttemptHour: ["SELECT"],
  OverviewEventHour: ["SELECT"],
  _prisma_migrations: ["SELECT"],
};
const ORDINARY_TABLE = ["SELECT", "INSERT", "UPDATE", "DELETE"];
/** Only the chaining trigger draws event numbers. */
const RESTRICTED_SEQUENCES = new Set(["AuditEvent_seq_seq"]);
/** Functions the app calls; every other function of the schema stays closed to it. */
const APP_FUNCTIONS = ["audit_erase_personal(timestamp, text, text[], bigint, integer)"];

/**
 * The job queue (pg-boss, installed by job-queue-schema.ts): the app adds, takes and finishes
 * jobs, and its maintenance archives them, but it cannot create or alter the queue's tables.
 */
async function grantJobQueue(client: pg.Client, who: string): Promise<void> {
  const installed = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [JOB_QUEUE_SCHEMA]);
  if (!installed.rowCount) return;
  const schema = client.escapeIdentifier(JOB_QUEUE_SCHEMA);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${who}`);
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${who}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${who}`);
}

/** The role a connection URL logs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || "postgres";
}

/**
 * Gives the app's role exactly the privileges above, taking away any others it was granted
 * (run as the owner after every migration; idempotent). The role must exist: creating login
 * roles is the database administrator's call, not the app's.
 */
export async function grantAppRole(ownerUrl: string, appRole: string, log: (line: string) => void = () => undefined): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const role = await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [appRole]);
    if (role.rowCount === 0) {
      throw new Error(
        `The role "${appRole}" that DATABASE_URL logs in as does not exist. Create it first, e.g. CREATE ROLE ${client.escapeIdentifier(appRole)} LOGIN PASSWORD '…'.`,
      );
    }
    if (role.rows[0].rolsuper)
      log(`Warning: DATABASE_URL logs in as the superuser "${appRole}"; the database cannot refuse anything it does.`);
    const who = client.escapeIdentifier(appRole);
    const schema = (await client.query<{ schema: string }>("SELECT current_schema() AS schema")).rows[0].schema;
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1", [schema]);
    const sequences = await client.query<{ name: string }>("SELECT sequencename AS name FROM pg_sequences WHERE schemaname = $1", [schema]);
    await client.query("BEGIN");
    // Two deploy steps granting at once would fail with "tuple concurrently updated".
    await client.query("SELECT pg_advisory_xact_lock(724311003)");
    await client.query(`GRANT USAGE ON SCHEMA ${client.escapeIdentifier(schema)} TO ${who}`);
    for (const { name } of tables.rows) {
      const table = client.escapeIdentifier(name);
      await client.query(`REVOKE ALL ON TABLE ${table} FROM ${who}`);
      await client.query(`GRANT ${(RESTRICTED_TABLES[name] ?? ORDINARY_TABLE).join(", ")} ON TABLE ${table} TO ${who}`);
    }
    for (const { name } of sequences.rows) {
      const sequence = client.escapeIdentifier(name);
      await client.query(`REVOKE ALL ON SEQUENCE ${sequence} FROM ${who}`);
      if (!RESTRICTED_SEQUENCES.has(name)) await client.query(`GRANT USAGE, SELECT ON SEQUENCE ${sequence} TO ${who}`);
    }
    for (const signature of APP_FUNCTIONS) await client.query(`GRANT EXECUTE ON FUNCTION ${signature} TO ${who}`);
    await grantJobQueue(client, who);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
