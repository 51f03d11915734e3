import { z } from "zod";
import { webhookRefusal } from "./feedback-notice";

/** An Amazon SNS message as POSTed to an HTTP(S) subscriber (its JSON body). */
const snsMessageSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string().min(1).max(100),
  TopicArn: z.string().min(1).max(300),
  Message: z.string().max(256 * 1024),
  Timestamp: z.iso.datetime(),
  SignatureVersion: z.enum(["1", "2"]),
  Signature: z.string().min(1).max(2048),
  SigningCertURL: z.string().min(1).max(500),
  Subject: z.string().max(200).optional(),
  Token: z.string().max(500).optional(),
  SubscribeURL: z.string().max(2000).optional(),
  UnsubscribeURL: z.string().max(2000).optional(),
});

export type SnsMessage = z.infer<typeof snsMessageSchema>;

export function parseSnsMessage(body: unknown): SnsMessage {
  const parsed = snsMessageSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw webhookRefusal(
      400,
      "not-sns",
      `Not an Amazon SNS message: ${issue.path.join(".") || "body"} ${issue.message.replace(/^Invalid input: /, "")}.`,
    );
  }
  if (parsed.data.Type !== "Notification" && (!parsed.data.Token || !parsed.data.SubscribeURL)) {
    throw webhookRefusal(400, "not-sns", `An SNS ${parsed.data.Type} needs Token and SubscribeURL.`);
  }
  return parsed.data;
}

// The fields SNS signs, in this order, each as "name\nvalue\n" when present: Subject only
// in notifications that have one, SubscribeURL and Token only in (un)subscribe confirmations.
const SIGNED_FIELDS = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
} as const;

export function snsStringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join("");
}

/** SignatureVersion 1 is RSA with SHA-1, 2 is RSA with SHA-256. */
export function snsSignatureAlgorithm(message: SnsMessage): "sha1" | "sha256" {
  return message.SignatureVersion === "1" ? "sha1" : "sha256";
}

/**
 * Where SNS certificates and confirmation links may come from: HTTPS on an SNS endpoint of
 * some region (sns.<region>.amazonaws.com, .com.cn in China), the certificate a .pem file.
 * Anything else, an S3 bucket under amazonaws.com included, could be anyone's.
 */
const SNS_HOST = /^sns\.[a-z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;

export function isAwsSnsUrl(url: URL, kind: "certificate" | "subscribe"): boolean {
  if (url.protocol !== "https:" || url.port !== "" || url.username || url.password || !SNS_HOST.test(url.hostname)) return false;
  return kind === "certificate" ? url.pathname.endsWith(".pem") : true;
}
