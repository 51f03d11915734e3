-- An administrator's delayed reset of every factor of an account, cancellable by the owner
-- until it takes effect. Only the keyed hash of the owner's cancel secret is stored.
CREATE TABLE "FactorReset" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedByEmail" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "cancelSecretHash" TEXT NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "cancelledByUserId" TEXT,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "FactorReset_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "FactorReset_settled_once" CHECK ("cancelledAt" IS NULL OR "completedAt" IS NULL)
);

CREATE UNIQUE INDEX "FactorReset_cancelSecretHash_key" ON "FactorReset"("cancelSecretHash");

CREATE INDEX "FactorReset_userId_idx" ON "FactorReset"("userId");

CREATE INDEX "FactorReset_effectiveAt_idx" ON "FactorReset"("effectiveAt");

-- At most one pending reset per account, whatever races the admin console.
CREATE UNIQUE INDEX "FactorReset_one_pending_per_user" ON "FactorReset"("userId") WHERE "cancelledAt" IS NULL AND "completedAt" IS NULL;

ALTER TABLE "FactorReset" ADD CONSTRAINT "FactorReset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
