-- Delivery feedback from the mail provider (bounces, complaints, deliveries) and the
-- addresses it suppresses (lib/mail/feedback, lib/mail/suppression.ts).

-- CreateTable
CREATE TABLE "DeliveryFeedback" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "attemptId" TEXT,
    "outboxId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEventAt" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "liftedAt" TIMESTAMP(3),
    "liftedBy" TEXT,

    CONSTRAINT "EmailSuppression_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryFeedback_provider_eventKey_key" ON "DeliveryFeedback"("provider", "eventKey");

-- CreateIndex
CREATE INDEX "DeliveryFeedback_receivedAt_idx" ON "DeliveryFeedback"("receivedAt");

-- CreateIndex
CREATE INDEX "EmailSuppression_until_idx" ON "EmailSuppression"("until");

-- CreateIndex
CREATE INDEX "EmailOutbox_messageId_idx" ON "EmailOutbox"("messageId");
