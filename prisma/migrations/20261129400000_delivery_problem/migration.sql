-- Why the email of an attempt has not reached the person (see schema.prisma)
ALTER TABLE "LoginAttempt" ADD COLUMN "deliveryProblem" TEXT;
