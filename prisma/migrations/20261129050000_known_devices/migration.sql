-- Browsers that have signed in to an account, recognised when they ask again.
CREATE TABLE "KnownDevice" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSignInAt" TIMESTAMP(3) NOT NULL,
    "lastIp" TEXT,
    "factorProvenAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "KnownDevice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "KnownDevice_userId_deviceHash_key" ON "KnownDevice"("userId", "deviceHash");

CREATE INDEX "KnownDevice_deviceHash_idx" ON "KnownDevice"("deviceHash");

ALTER TABLE "KnownDevice" ADD CONSTRAINT "KnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Browsers that signed in before are known from now on: the requesting browser is the one that
-- got the session when the sign-in finished in it (same browser, code, or approved by another device).
INSERT INTO "KnownDevice" ("id", "userId", "deviceHash", "label", "firstSeenAt", "lastSignInAt", "lastIp")
SELECT 'kd' || md5(a."userId" || a."bindingHash"), a."userId", a."bindingHash", 'a browser', min(a."redeemedAt"), max(a."redeemedAt"), max(a."requestIp")
FROM "LoginAttempt" a
WHERE a.status = 'REDEEMED' AND a."userId" IS NOT NULL AND a."redeemedVia" IN ('same-browser', 'code', 'cross-device-approval')
GROUP BY a."userId", a."bindingHash";
