-- Consecutive wrong codes per account, kept for good (NIST SP 800-63B 5.2.2).
CREATE TABLE "CodeFailureStreak" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CodeFailureStreak_pkey" PRIMARY KEY ("key")
);
