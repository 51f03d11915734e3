import { readEnv } from "../env";
import type { WebhookSink } from "./deliver-audit-webhook";

export const WEBHOOK_SINK_NAME = "webhook";

/**
 * The configured sink, or null when AUDIT_WEBHOOK_URL is unset. The push-audit-webhook job
 * (lib/jobs) sends the trail there; the cursor's lease lets only one instance send at a time.
 */
export function configuredWebhookSink(): WebhookSink | null {
  const env = readEnv();
  if (!env.AUDIT_WEBHOOK_URL || !env.AUDIT_WEBHOOK_SECRET) return null;
  return { name: WEBHOOK_SINK_NAME, url: env.AUDIT_WEBHOOK_URL, secret: env.AUDIT_WEBHOOK_SECRET, batchSize: env.AUDIT_WEBHOOK_BATCH_SIZE };
}
