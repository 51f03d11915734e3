import { AppError } from "../../errors/app-error";
import type { WebhookRefusalCode } from "../../errors/user-messages";
/** The mail providers whose delivery feedback the app takes in. */
export const FEEDBACK_PROVIDERS = ["ses", "postmark", "resend"] as const;
export type FeedbackProvider = (typeof FEEDBACK_PROVIDERS)[number];

/**
 * Older notifications are refused. Their ids are remembered for longer than this (retention
 * keeps DeliveryFeedback at least a day more), so a replay is always recognised.
 */
export const FEEDBACK_MAX_AGE_DAYS = 7;

/** One provider notification, in the provider's terms reduced to ours. */
export interface FeedbackNotice {
  provider: FeedbackProvider;
  /** The provider's own id for this notification: a replay carries the same one. */
  eventKey: string;
  kind: "delivered" | "bounced" | "complained";
  /** Bounces only: hard (the address will not work) or soft (it may later). */
  bounce?: "hard" | "soft";
  /** The provider's words for what happened (bounce subtype, diagnostic), addresses removed. */
  detail: string | null;
  recipients: string[];
  /** The provider's id of the message, which it also gave in its SMTP reply. */
  providerMessageId: string | null;
  /** The Message-ID header we sent, when the provider reports it. */
  originalMessageId: string | null;
  occurredAt: Date | null;
}

/** A refusal (the one AppError) with a status and a sentence for whoever configures the webhook; never a stack trace. */
export function webhookRefusal(status: 400 | 401 | 403 | 404 | 413 | 422 | 429, code: WebhookRefusalCode, message: string): AppError {
  return new AppError(code, message, { status });
}
