-- Indexes for the admin console and the risk signals.

-- CreateIndex
CREATE INDEX "Session_attemptId_idx" ON "Session"("attemptId");

-- CreateIndex
CREATE INDEX "LoginAttempt_bindingHash_requestedAt_idx" ON "LoginAttempt"("bindingHash", "requestedAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_riskScore_requestedAt_id_idx" ON "LoginAttempt"("riskScore", "requestedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_type_seq_idx" ON "AuditEvent"("type", "seq");

-- CreateIndex
CREATE INDEX "Alert_attemptId_idx" ON "Alert"("attemptId");

-- CreateIndex
CREATE INDEX "Alert_kind_createdAt_idx" ON "Alert"("kind", "createdAt");
