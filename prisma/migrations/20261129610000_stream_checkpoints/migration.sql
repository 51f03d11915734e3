-- The webhook sink delivers signed checkpoints too (lib/audit-stream/interleave-stream.ts): its
-- cursor keeps the id of the last checkpoint the receiver acknowledged beside the last event.
ALTER TABLE "AuditStreamCursor" ADD COLUMN "lastCheckpointId" BIGINT NOT NULL DEFAULT 0;

-- A receiver that already has events up to lastSeq is not sent the checkpoints covering them again.
UPDATE "AuditStreamCursor" SET "lastCheckpointId" = COALESCE((SELECT max(c.id) FROM "AuditCheckpoint" c WHERE c."headSeq" <= "AuditStreamCursor"."lastSeq"), 0);
