-- Tamper evidence that holds against the app's own database role, and personal data that
-- can be erased without breaking the chain.
--
-- 1. Each event arrives with an HMAC computed by the app with a key the database never holds
--    (lib/audit/audit-keys.ts) over its canonical content, which covers the personal fields
--    (IP, user agent) only through a salted digest. The trigger chains the MACs:
--    hash = SHA-256(previous hash || '\n' || mac). A role that can only write to the
--    database cannot produce a MAC that verifies, and a random "eventId", unique in the
--    table, stops it from replaying a genuine one.
-- 2. The trigger runs as its owner (SECURITY DEFINER) with a fixed search_path, so the app's
--    role needs no privilege on "AuditEvent" beyond SELECT, and cannot redirect the trigger
--    to a temporary table of its own (pg_temp is searched last).
-- 3. "AuditEvent" refuses every UPDATE except erasing the personal fields and their salt,
--    which only audit_erase_personal() does, and only in a transaction that records the
--    erasure as an event.
-- 4. "AuditCheckpoint" keeps signed checkpoints of the chain head (lib/audit/checkpoints.ts):
--    deleting the newest events, or every event, leaves a checkpoint that names what is gone.
--
-- Privileges per role are granted after migrating (scripts/support/database-roles.ts).
-- Prisma's driver-adapter migrator splits scripts at every semicolon, even inside quotes:
-- function bodies are E'' strings that spell each semicolon as \x3B.

ALTER TABLE "AuditEvent" ADD COLUMN "eventId" TEXT,
  ADD COLUMN "keyId" TEXT,
  ADD COLUMN "mac" TEXT,
  ADD COLUMN "personalDigest" TEXT,
  ADD COLUMN "personalSalt" TEXT;

CREATE UNIQUE INDEX "AuditEvent_eventId_key" ON "AuditEvent"("eventId");

-- The retention run's work list: rows still holding personal data, by age.
CREATE INDEX "AuditEvent_personal_createdAt_idx" ON "AuditEvent"("createdAt") WHERE "personalSalt" IS NOT NULL;

-- Empty outside open transactions, so its columns can change freely.
ALTER TABLE "AuditEventPending" DROP COLUMN "body",
  ADD COLUMN "eventId" TEXT NOT NULL,
  ADD COLUMN "keyId" TEXT NOT NULL,
  ADD COLUMN "mac" TEXT NOT NULL CHECK ("mac" ~ '^[0-9a-f]{64}$'),
  ADD COLUMN "personalDigest" TEXT,
  ADD COLUMN "personalSalt" TEXT;

CREATE OR REPLACE FUNCTION audit_event_append_at_commit() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
DECLARE
  head text\x3B
BEGIN
  IF current_setting(''transaction_isolation'') <> ''read committed'' THEN
    RAISE EXCEPTION ''Audit events must be written in READ COMMITTED transactions, so the chain head read at commit is the latest''\x3B
  END IF\x3B
  PERFORM pg_advisory_xact_lock(724311001)\x3B
  SELECT hash INTO head FROM public."AuditEvent" ORDER BY seq DESC LIMIT 1\x3B
  head := coalesce(head, repeat(''0'', 64))\x3B
  INSERT INTO public."AuditEvent" ("eventId", "keyId", mac, "createdAt", type, "attemptId", "userId", "sessionHash", ip, "userAgent", "deviceHash",
    outcome, reason, details, "personalDigest", "personalSalt", "prevHash", hash)
  VALUES (NEW."eventId", NEW."keyId", NEW.mac, NEW."createdAt", NEW.type, NEW."attemptId", NEW."userId", NEW."sessionHash", NEW.ip, NEW."userAgent",
    NEW."deviceHash", NEW.outcome, NEW.reason, NEW.details, NEW."personalDigest", NEW."personalSalt",
    head, encode(sha256(convert_to(head || chr(10) || NEW.mac, ''UTF8'')), ''hex''))\x3B
  DELETE FROM public."AuditEventPending" WHERE id = NEW.id\x3B
  RETURN NULL\x3B
END
';

REVOKE ALL ON FUNCTION audit_event_append_at_commit() FROM PUBLIC;

-- The one change an event may undergo: its personal fields and their salt erased.
DROP RULE audit_event_refuse_update ON "AuditEvent";

CREATE FUNCTION audit_event_refuse_update() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp AS E'
BEGIN
  IF NEW.ip IS NOT NULL OR NEW."userAgent" IS NOT NULL OR NEW."personalSalt" IS NOT NULL OR OLD."personalDigest" IS NULL
     OR (to_jsonb(NEW) - ''ip'' - ''userAgent'' - ''personalSalt'') IS DISTINCT FROM (to_jsonb(OLD) - ''ip'' - ''userAgent'' - ''personalSalt'') THEN
    RAISE EXCEPTION ''AuditEvent is append-only: refused UPDATE of event %'', OLD.seq\x3B
  END IF\x3B
  RETURN NEW\x3B
END
';

REVOKE ALL ON FUNCTION audit_event_refuse_update() FROM PUBLIC;

CREATE TRIGGER audit_event_refuse_update BEFORE UPDATE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_update();

-- Erases the IP and user agent of events created before p_before, or of one person's events
-- (p_user_id, and the attempts in p_attempt_ids), up to event p_max_seq and at most p_limit of
-- them. Refused unless the calling transaction has itself written the event that records the
-- erasure, so no erasure can happen without a trace in the chain (a forged event is reported
-- by verification).
CREATE FUNCTION audit_erase_personal(p_before timestamp, p_user_id text, p_attempt_ids text[], p_max_seq bigint, p_limit integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS E'
DECLARE
  erased integer\x3B
BEGIN
  IF p_before IS NULL AND p_user_id IS NULL THEN
    RAISE EXCEPTION ''audit_erase_personal needs a cut-off time or a user''\x3B
  END IF\x3B
  IF NOT EXISTS (SELECT 1 FROM public."AuditEventPending" WHERE type IN (''data.retention_erased'', ''data.user_erased'')) THEN
    RAISE EXCEPTION ''audit_erase_personal: write the event that records this erasure in the same transaction first''\x3B
  END IF\x3B
  UPDATE public."AuditEvent" SET ip = NULL, "userAgent" = NULL, "personalSalt" = NULL
  WHERE seq IN (
    SELECT seq FROM public."AuditEvent"
    WHERE "personalSalt" IS NOT NULL AND seq <= p_max_seq
      AND (p_before IS NULL OR "createdAt" < p_before)
      AND (p_user_id IS NULL OR "userId" = p_user_id OR "attemptId" = ANY(coalesce(p_attempt_ids, ARRAY[]::text[])))
    ORDER BY "createdAt" LIMIT greatest(p_limit, 1))\x3B
  GET DIAGNOSTICS erased = ROW_COUNT\x3B
  RETURN erased\x3B
END
';

REVOKE ALL ON FUNCTION audit_erase_personal(timestamp, text, text[], bigint, integer) FROM PUBLIC;

CREATE TABLE "AuditCheckpoint" (
    "id" BIGSERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "headSeq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "prevSignature" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "AuditCheckpoint_signature_key" ON "AuditCheckpoint"("signature");

CREATE RULE audit_checkpoint_refuse_update AS ON UPDATE TO "AuditCheckpoint"
  DO INSTEAD SELECT ('AuditCheckpoint is append-only: refused UPDATE of checkpoint ' || OLD.id)::int
;
CREATE RULE audit_checkpoint_refuse_delete AS ON DELETE TO "AuditCheckpoint"
  DO INSTEAD SELECT ('AuditCheckpoint is append-only: refused DELETE of checkpoint ' || OLD.id)::int
;
