-- The client network of each request (IPv4 address, IPv6 /64): limits and risk signals count networks, not addresses.
ALTER TABLE "LoginAttempt" ADD COLUMN "requestNetwork" TEXT;

UPDATE "LoginAttempt" SET "requestNetwork" = CASE WHEN family("requestIp"::inet) = 4 THEN host("requestIp"::inet) ELSE network(set_masklen("requestIp"::inet, 64))::text END
WHERE "requestIp" IS NOT NULL AND "requestIp" ~ '^[0-9a-fA-F:.]+$';

CREATE INDEX "LoginAttempt_requestNetwork_requestedAt_idx" ON "LoginAttempt"("requestNetwork", "requestedAt");
