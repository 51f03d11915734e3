-- Audit events are chained at commit time instead of when they are written.
--
-- A transaction writes its events into "AuditEventPending" without taking any lock. A
-- deferred constraint trigger then runs at COMMIT, inside the database: under the chain's
-- advisory lock it reads the head, hashes each event onto it, appends it to "AuditEvent" and
-- removes the pending row. The lock is therefore held only for the commit itself, never for
-- a round trip to the application, and an event still exists exactly when the state change
-- it describes does (a rolled-back transaction leaves neither).
--
-- Prisma's driver-adapter migrator splits scripts at every semicolon, even inside quotes.
-- The function body is therefore an E'' string that spells each semicolon as \x3B.

-- CreateTable
CREATE TABLE "AuditEventPending" (
    "id" BIGSERIAL NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "attemptId" TEXT,
    "userId" TEXT,
    "sessionHash" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "deviceHash" TEXT,
    "outcome" TEXT,
    "reason" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEventPending_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION audit_event_append_at_commit() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  head text\x3B
BEGIN
  IF current_setting(''transaction_isolation'') <> ''read committed'' THEN
    RAISE EXCEPTION ''Audit events must be written in READ COMMITTED transactions, so the chain head read at commit is the latest''\x3B
  END IF\x3B
  PERFORM pg_advisory_xact_lock(724311001)\x3B
  SELECT hash INTO head FROM "AuditEvent" ORDER BY seq DESC LIMIT 1\x3B
  head := coalesce(head, repeat(''0'', 64))\x3B
  INSERT INTO "AuditEvent" ("createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash", outcome, reason, details, "prevHash", hash)
  VALUES (NEW."createdAt", NEW.type, NEW."attemptId", NEW."userId", NEW."sessionHash", NEW.ip, NEW."userAgent", NEW."deviceHash", NEW.outcome, NEW.reason, NEW.details,
    head, encode(sha256(convert_to(head || chr(10) || NEW.body, ''UTF8'')), ''hex''))\x3B
  DELETE FROM "AuditEventPending" WHERE id = NEW.id\x3B
  RETURN NULL\x3B
END
';

CREATE CONSTRAINT TRIGGER audit_event_pending_append_at_commit
  AFTER INSERT ON "AuditEventPending"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_at_commit();
