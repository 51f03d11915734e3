import { describe, expect, it } from "vitest";
import pg from "pg";
import { runPrisma } from "@/scripts/prisma";

describe("migrations", () => {
  it("apply to an empty database and create every table", async () => {
    const server = new URL(process.env.DATABASE_OWNER_URL!);
    const name = `migrate_from_empty_${process.pid}`;
    server.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      const target = new URL(server);
      target.pathname = `/${name}`;
      runPrisma(["migrate", "deploy"], { DATABASE_URL: target.toString() });

      const check = new pg.Client({ connectionString: target.toString() });
      await check.connect();
      const { rows } = await check.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      const rules = await check.query(
        "SELECT rulename FROM pg_rules WHERE tablename IN ('AuditEvent', 'AuditCheckpoint') ORDER BY rulename",
      );
      const triggers = await check.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname");
      await check.end();
      expect(rows.map((row) => row.tablename)).toEqual(
        expect.arrayContaining([
          "User",
          "Account",
          "Session",
          "VerificationToken",
          "LoginAttempt",
          "SignInGrant",
          "EmailOutbox",
          "AuditEvent",
          "AuditCheckpoint",
          "rate_limits",
          "_prisma_migrations",
        ]),
      );
      expect(rules.rows.map((row) => row.rulename)).toEqual([
        "audit_checkpoint_refuse_delete",
        "audit_checkpoint_refuse_update",
        "audit_event_refuse_delete",
      ]);
      expect(triggers.rows.map((row) => row.tgname)).toEqual([
        "audit_event_pending_append_at_commit",
        "audit_event_refuse_update",
        "overview_attempt_rollup",
        "overview_event_rollup",
      ]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
