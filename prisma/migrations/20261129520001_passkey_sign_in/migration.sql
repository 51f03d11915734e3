-- A sign-in grant is minted by an email link or code (attemptId) or by a passkey sign-in,
-- which has no attempt: it names the account it was proven for (userId) instead.
ALTER TABLE "SignInGrant" ALTER COLUMN "attemptId" DROP NOT NULL;
ALTER TABLE "SignInGrant" ADD COLUMN "method" TEXT NOT NULL DEFAULT 'email';
ALTER TABLE "SignInGrant" ADD COLUMN "userId" TEXT;
ALTER TABLE "SignInGrant" ADD CONSTRAINT "SignInGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
