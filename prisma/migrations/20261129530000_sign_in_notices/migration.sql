-- One row per new-device sign-in notice: the keyed hash of its "this wasn't me" secret (never the
-- secret itself), what the notice told the owner, and when the secret was used.
CREATE TABLE "SignInNotice" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionHash" TEXT,
    "deviceHash" TEXT,
    "deviceLabel" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "signedInAt" TIMESTAMP(3) NOT NULL,
    "secretHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "SignInNotice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "SignInNotice_secretHash_key" ON "SignInNotice"("secretHash");

CREATE INDEX "SignInNotice_userId_idx" ON "SignInNotice"("userId");

ALTER TABLE "SignInNotice" ADD CONSTRAINT "SignInNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A HIGH-risk email sign-in to an account without a factor waits for a browser that signed in
-- before to approve it, by typing the number the waiting browser shows.
ALTER TABLE "Session" ADD COLUMN "awaitingDeviceApproval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "approvalNumber" INTEGER,
ADD COLUMN "approvalTries" INTEGER NOT NULL DEFAULT 0;
