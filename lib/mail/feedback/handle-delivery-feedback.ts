import { AppError } from "../../errors/app-error";
import { readEnv } from "../../env";
import { logEvent } from "../../log";
import { PayloadTooLargeError, readLimitedText } from "../../request/request-body";
import { jsonError } from "../../request/responses";
import { FEEDBACK_MAX_AGE_DAYS, FEEDBACK_PROVIDERS, webhookRefusal, type FeedbackNotice, type FeedbackProvider } from "./feedback-notice";
import { parsePostmarkWebhook, postmarkCredentialsValid } from "./postmark-webhook";
import { recordDeliveryFeedback } from "./record-feedback";
import { parseResendWebhook } from "./resend-webhook";
import { parseSesNotification } from "./ses-notification";
import { parseSnsMessage } from "./sns-message";
import { AWS_SNS_TRUST, confirmSnsSubscription, verifySnsMessage, type SnsTrust } from "./sns-verifier";
import { verifySvix } from "./svix-signature";

const MAX_BODY_BYTES = 256 * 1024;
const MAX_AGE_MS = FEEDBACK_MAX_AGE_DAYS * 86_400_000;

export interface FeedbackDependencies {
  snsTrust: SnsTrust;
  now: () => Date;
}

const PRODUCTION: FeedbackDependencies = { snsTrust: AWS_SNS_TRUST, now: () => new Date() };

/**
 * POST /api/email-feedback/<provider>: authenticates a provider's notification by that
 * provider's documented scheme (SNS signatures for SES, HTTP Basic for Postmark, Svix for
 * Resend), then records it. Anything unauthenticated or malformed gets a 4xx that says why.
 */
export async function handleDeliveryFeedback(
  provider: string,
  request: Request,
  deps: FeedbackDependencies = PRODUCTION,
): Promise<Response> {
  if (!FEEDBACK_PROVIDERS.includes(provider as FeedbackProvider))
    return jsonError(404, "unknown-provider", `No delivery feedback from "${provider.slice(0, 40)}": use ses, postmark or resend.`);
  try {
    const body = await readBody(request);
    const now = deps.now();
    const notices = await authenticate(provider as FeedbackProvider, request, body, deps, now);
    if (notices === "confirmed") return Response.json({ ok: true, confirmed: true }, { headers: { "Cache-Control": "no-store" } });
    let recorded = 0;
    let duplicates = 0;
    for (const notice of notices) {
      if (notice.occurredAt && now.getTime() - notice.occurredAt.getTime() > MAX_AGE_MS) {
        throw webhookRefusal(422, "too-old", `This notification is more than ${FEEDBACK_MAX_AGE_DAYS} days old; it is not taken in.`);
      }
      const outcome = await recordDeliveryFeedback(notice, now);
      if (outcome.duplicate) duplicates++;
      else recorded += outcome.events;
    }
    return Response.json(
      { ok: true, recorded, duplicate: duplicates > 0 && recorded === 0, ignored: notices.length === 0 },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    logEvent("warn", "email.feedback_refused", { provider, status: error.status, code: error.code });
    const response = jsonError(error.status, error.code, error.userMessage);
    if (error.status === 401 && provider === "postmark") response.headers.set("WWW-Authenticate", 'Basic realm="delivery-feedback"');
    return response;
  }
}

/** Read as a stream with a byte counter: a chunked upload is refused at the limit, never buffered whole. */
async function readBody(request: Request): Promise<string> {
  try {
    return await readLimitedText(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw webhookRefusal(413, "too-large", "The body is larger than 256 KB.");
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw webhookRefusal(400, "not-json", "The body is not JSON.");
  }
}

async function authenticate(
  provider: FeedbackProvider,
  request: Request,
  body: string,
  deps: FeedbackDependencies,
  now: Date,
): Promise<FeedbackNotice[] | "confirmed"> {
  const env = readEnv();
  const notConfigured = (settings: string) =>
    webhookRefusal(404, "not-configured", `Delivery feedback from ${provider} is not enabled on this server (set ${settings}).`);
  switch (provider) {
    case "ses": {
      if (env.SES_SNS_TOPIC_ARNS.length === 0) throw notConfigured("SES_SNS_TOPIC_ARNS");
      const message = parseSnsMessage(parseJson(body));
      const declared = request.headers.get("x-amz-sns-message-type");
      if (declared && declared !== message.Type)
        throw webhookRefusal(400, "not-sns", "The x-amz-sns-message-type header does not match the message's Type.");
      if (!env.SES_SNS_TOPIC_ARNS.includes(message.TopicArn))
        throw webhookRefusal(403, "sns-topic", "Notifications from this SNS topic are not accepted (SES_SNS_TOPIC_ARNS).");
      await verifySnsMessage(message, deps.snsTrust, now);
      if (message.Type === "SubscriptionConfirmation") {
        await confirmSnsSubscription(message, deps.snsTrust);
        logEvent("info", "email.feedback_subscribed", { provider, topicArn: message.TopicArn });
        return "confirmed";
      }
      if (message.Type === "UnsubscribeConfirmation") {
        logEvent("warn", "email.feedback_unsubscribed", { provider, topicArn: message.TopicArn });
        return [];
      }
      const notice = parseSesNotification(message.Message, message.MessageId);
      return notice ? [notice] : [];
    }
    case "postmark": {
      if (!env.POSTMARK_WEBHOOK_USER || !env.POSTMARK_WEBHOOK_PASSWORD)
        throw notConfigured("POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD");
      if (!postmarkCredentialsValid(request.headers.get("authorization"), env.POSTMARK_WEBHOOK_USER, env.POSTMARK_WEBHOOK_PASSWORD)) {
        throw webhookRefusal(
          401,
          "postmark-credentials",
          "Missing or wrong HTTP Basic credentials (put them in the webhook URL: https://user:password@host/…).",
        );
      }
      const notice = parsePostmarkWebhook(parseJson(body));
      return notice ? [notice] : [];
    }
    case "resend": {
      if (!env.RESEND_WEBHOOK_SECRET) throw notConfigured("RESEND_WEBHOOK_SECRET");
      const header = (name: string) => request.headers.get(name);
      const deliveryId = verifySvix(
        { id: header("svix-id"), timestamp: header("svix-timestamp"), signature: header("svix-signature") },
        body,
        env.RESEND_WEBHOOK_SECRET,
        now,
      );
      const notice = parseResendWebhook(parseJson(body), deliveryId);
      return notice ? [notice] : [];
    }
  }
}
