-- Sessions are stored by a keyed hash of their token, so a database read is not a session hijack.
-- The stored tokens cannot be hashed here (the key is AUTH_SECRET, which the database never holds),
-- so every existing session ends: people sign in again once.
DELETE FROM "Session";
ALTER TABLE "Session" RENAME COLUMN "sessionToken" TO "tokenHash";
ALTER INDEX "Session_sessionToken_key" RENAME TO "Session_tokenHash_key";
