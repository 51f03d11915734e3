-- Administrators set up their first second factor with a one-time invitation, never on a mailbox alone.
CREATE TABLE "EnrolmentInvitation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "EnrolmentInvitation_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "EnrolmentInvitation_codeHash_key" ON "EnrolmentInvitation"("codeHash");

CREATE INDEX "EnrolmentInvitation_userId_idx" ON "EnrolmentInvitation"("userId");

ALTER TABLE "EnrolmentInvitation" ADD CONSTRAINT "EnrolmentInvitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
