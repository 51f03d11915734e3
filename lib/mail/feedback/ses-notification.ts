import { z } from "zod";
import { webhookRefusal, type FeedbackNotice } from "./feedback-notice";
import { scrubAddresses } from "./scrub-addresses";

const recipient = z.object({ emailAddress: z.string().min(3).max(320), diagnosticCode: z.string().max(1000).optional() });

/** An Amazon SES bounce, complaint or delivery notification (the SNS message's Message). */
const sesNotificationSchema = z.object({
  notificationType: z.string().optional(),
  /** The same, named so when the notification comes from an event destination (configuration set). */
  eventType: z.string().optional(),
  mail: z.object({
    messageId: z.string().min(1).max(200),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    commonHeaders: z.object({ messageId: z.string().max(998).optional() }).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
      bounceSubType: z.string().max(100).optional(),
      bouncedRecipients: z.array(recipient).min(1).max(100),
      timestamp: z.iso.datetime().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(recipient).min(1).max(100),
      complaintFeedbackType: z.string().max(100).optional(),
      timestamp: z.iso.datetime().optional(),
    })
    .optional(),
  delivery: z
    .object({
      recipients: z.array(z.string().min(3).max(320)).min(1).max(100),
      smtpResponse: z.string().max(1000).optional(),
      timestamp: z.iso.datetime().optional(),
    })
    .optional(),
});

/**
 * Reads an SES notification. Bounce, Complaint and Delivery become notices; anything else SES
 * may publish to the same topic (Send, Open, DeliveryDelay…) is of no use here: null.
 * A Permanent bounce is hard; Transient and Undetermined ones are soft (nothing is suppressed
 * on a guess).
 */
export function parseSesNotification(messageText: string, snsMessageId: string): FeedbackNotice | null {
  let json: unknown;
  try {
    json = JSON.parse(messageText);
  } catch {
    throw webhookRefusal(400, "not-ses", "The SNS Message is not JSON, so not an Amazon SES notification.");
  }
  const parsed = sesNotificationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw webhookRefusal(
      400,
      "not-ses",
      `Not an Amazon SES notification: ${issue.path.join(".")} ${issue.message.replace(/^Invalid input: /, "")}.`,
    );
  }
  const note = parsed.data;
  const type = note.notificationType ?? note.eventType;
  const originalMessageId =
    note.mail.commonHeaders?.messageId ?? note.mail.headers?.find((header) => header.name.toLowerCase() === "message-id")?.value ?? null;
  const common = { provider: "ses" as const, eventKey: snsMessageId, providerMessageId: note.mail.messageId, originalMessageId };
  if (type === "Bounce" && note.bounce) {
    const { bounce } = note;
    const diagnostic = bounce.bouncedRecipients.find((entry) => entry.diagnosticCode)?.diagnosticCode;
    return {
      ...common,
      kind: "bounced",
      bounce: bounce.bounceType === "Permanent" ? "hard" : "soft",
      detail: scrubAddresses([`${bounce.bounceType}/${bounce.bounceSubType ?? "General"}`, diagnostic].filter(Boolean).join(": ")),
      recipients: bounce.bouncedRecipients.map((entry) => entry.emailAddress),
      occurredAt: bounce.timestamp ? new Date(bounce.timestamp) : null,
    };
  }
  if (type === "Complaint" && note.complaint) {
    const { complaint } = note;
    return {
      ...common,
      kind: "complained",
      detail: scrubAddresses(complaint.complaintFeedbackType ?? null),
      recipients: complaint.complainedRecipients.map((entry) => entry.emailAddress),
      occurredAt: complaint.timestamp ? new Date(complaint.timestamp) : null,
    };
  }
  if (type === "Delivery" && note.delivery) {
    return {
      ...common,
      kind: "delivered",
      detail: scrubAddresses(note.delivery.smtpResponse ?? null),
      recipients: note.delivery.recipients,
      occurredAt: note.delivery.timestamp ? new Date(note.delivery.timestamp) : null,
    };
  }
  return null;
}
