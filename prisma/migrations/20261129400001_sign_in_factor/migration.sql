-- A session started by email for an account with a passkey or authenticator app, on a device
-- that has not proved that factor before, is usable only for proving it (SIGN_IN_FACTOR).
ALTER TABLE "Session" ADD COLUMN "awaitingSignInFactor" BOOLEAN NOT NULL DEFAULT false;
