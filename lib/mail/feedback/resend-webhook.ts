import { z } from "zod";
import { webhookRefusal, type FeedbackNotice } from "./feedback-notice";
import { scrubAddresses } from "./scrub-addresses";

const resendEventSchema = z.object({
  type: z.string().max(100),
  created_at: z.iso.datetime({ offset: true }).optional(),
  data: z.object({
    email_id: z.string().min(1).max(100),
    to: z.union([z.array(z.string().min(3).max(320)).min(1).max(50), z.string().min(3).max(320)]),
    created_at: z.string().optional(),
    bounce: z
      .object({ type: z.string().max(50).optional(), subType: z.string().max(100).optional(), message: z.string().max(1000).optional() })
      .optional(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  }),
});

const KINDS = { "email.delivered": "delivered", "email.bounced": "bounced", "email.complained": "complained" } as const;

/**
 * Reads a Resend webhook: email.delivered, email.bounced and email.complained become notices,
 * other event types null. Resend reports bounces as permanent rejections with SES's bounce
 * types; only a Transient or Undetermined one is soft.
 */
export function parseResendWebhook(body: unknown, deliveryId: string): FeedbackNotice | null {
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type === "string" && !(type in KINDS)) return null;
  const parsed = resendEventSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw webhookRefusal(
      400,
      "not-resend",
      `Not a Resend webhook: ${issue.path.join(".") || "type"} ${issue.message.replace(/^Invalid input: /, "")}.`,
    );
  }
  const event = parsed.data;
  const kind = KINDS[event.type as keyof typeof KINDS];
  const { bounce } = event.data;
  return {
    provider: "resend",
    eventKey: deliveryId,
    kind,
    ...(kind === "bounced"
      ? { bounce: bounce?.type === "Transient" || bounce?.type === "Undetermined" ? ("soft" as const) : ("hard" as const) }
      : {}),
    detail:
      kind === "bounced"
        ? scrubAddresses([bounce?.type, bounce?.subType].filter(Boolean).join("/") + (bounce?.message ? `: ${bounce.message}` : ""))
        : null,
    recipients: Array.isArray(event.data.to) ? event.data.to : [event.data.to],
    providerMessageId: event.data.email_id,
    originalMessageId: event.data.headers?.find((header) => header.name.toLowerCase() === "message-id")?.value ?? null,
    occurredAt: event.created_at ? new Date(event.created_at) : null,
  };
}
