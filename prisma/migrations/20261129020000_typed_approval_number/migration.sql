-- Cross-device approval: the approving device types the number, so no choices are offered any more.
ALTER TABLE "LoginAttempt" DROP COLUMN "approvalChoices";
