import { verify, X509Certificate } from "node:crypto";
import { readEnv } from "../../env";
import { webhookRefusal } from "./feedback-notice";
import { isAwsSnsUrl, snsSignatureAlgorithm, snsStringToSign, type SnsMessage } from "./sns-message";

/**
 * Where SNS certificates may be fetched from and how. Production uses AWS_SNS_TRUST and
 * nothing else: the route cannot be configured otherwise, and a different trust is refused
 * outright when NODE_ENV is production. Tests build their own, serving a certificate they
 * generated from a local server, and hand it to handleDeliveryFeedback directly.
 */
export interface SnsTrust {
  allows(url: URL, kind: "certificate" | "subscribe"): boolean;
  fetch(url: URL): Promise<Response>;
}

export const AWS_SNS_TRUST: SnsTrust = Object.freeze({
  allows: isAwsSnsUrl,
  fetch: (url: URL) => fetch(url, { redirect: "error", signal: AbortSignal.timeout(5_000) }),
});

const MAX_CERTIFICATE_BYTES = 16 * 1024;
const CACHE_SIZE = 16;
const certificates = new Map<string, X509Certificate>();
/**
 * Anyone can post a message naming a certificate URL on AWS's SNS hosts; each unknown one costs
 * an outgoing request. SNS itself uses a handful of certificates, so a few fetches a minute per
 * instance are plenty, and a flood of invented URLs cannot turn this endpoint into a fetcher.
 */
const FETCHES_PER_MINUTE = 10;
let fetchWindow = { startedAt: 0, count: 0 };

function spendFetch(now: Date): void {
  if (now.getTime() - fetchWindow.startedAt >= 60_000) fetchWindow = { startedAt: now.getTime(), count: 0 };
  if (++fetchWindow.count > FETCHES_PER_MINUTE) {
    throw webhookRefusal(429, "sns-certificate-budget", "Too many unknown SNS certificates this minute; Amazon SNS will retry.");
  }
}

function assertUsable(trust: SnsTrust): void {
  if (trust !== AWS_SNS_TRUST && readEnv().NODE_ENV === "production") {
    throw new Error("SNS messages are verified against AWS's own certificate endpoints only in production");
  }
}

async function certificateFor(url: URL, trust: SnsTrust, now: Date): Promise<X509Certificate> {
  const cached = certificates.get(url.href);
  if (cached && new Date(cached.validTo) > now) return cached;
  spendFetch(now);
  let pem: string;
  try {
    const response = await trust.fetch(url);
    if (!response.ok) throw new Error(`status ${response.status}`);
    pem = await response.text();
    if (pem.length > MAX_CERTIFICATE_BYTES) throw new Error("too large");
  } catch (error) {
    throw webhookRefusal(
      400,
      "sns-certificate-unavailable",
      `Could not fetch the SNS signing certificate (${error instanceof Error ? error.message : "failed"}).`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw webhookRefusal(400, "sns-certificate-invalid", "The SNS signing certificate is not a valid X.509 certificate.");
  }
  if (certificates.size >= CACHE_SIZE) certificates.delete(certificates.keys().next().value!);
  certificates.set(url.href, certificate);
  return certificate;
}

/**
 * Checks an SNS message the way AWS documents it: the certificate URL must be an SNS endpoint
 * over HTTPS, the certificate valid now, and the signature (SHA-1 for SignatureVersion 1,
 * SHA-256 for 2) must cover the message's signed fields. Throws a webhookRefusal (AppError) otherwise.
 */
export async function verifySnsMessage(message: SnsMessage, trust: SnsTrust = AWS_SNS_TRUST, now: Date = new Date()): Promise<void> {
  assertUsable(trust);
  let url: URL;
  try {
    url = new URL(message.SigningCertURL);
  } catch {
    throw webhookRefusal(400, "sns-certificate-url", "SigningCertURL is not a URL.");
  }
  if (!trust.allows(url, "certificate")) {
    throw webhookRefusal(
      403,
      "sns-certificate-url",
      "SigningCertURL is not an Amazon SNS certificate URL (https://sns.<region>.amazonaws.com/….pem).",
    );
  }
  const certificate = await certificateFor(url, trust, now);
  if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) {
    throw webhookRefusal(403, "sns-certificate-expired", "The SNS signing certificate is not valid at this time.");
  }
  let valid = false;
  try {
    valid = verify(
      snsSignatureAlgorithm(message),
      Buffer.from(snsStringToSign(message), "utf8"),
      certificate.publicKey,
      Buffer.from(message.Signature, "base64"),
    );
  } catch {
    // A key that cannot verify this algorithm: as good as a wrong signature.
  }
  if (!valid) throw webhookRefusal(403, "sns-signature", "The SNS message signature does not verify.");
}

/** Confirms a subscription by visiting its SubscribeURL, which must be an SNS endpoint too. */
export async function confirmSnsSubscription(message: SnsMessage, trust: SnsTrust = AWS_SNS_TRUST): Promise<void> {
  assertUsable(trust);
  const url = URL.canParse(message.SubscribeURL ?? "") ? new URL(message.SubscribeURL!) : null;
  if (!url || !trust.allows(url, "subscribe")) throw webhookRefusal(403, "sns-subscribe-url", "SubscribeURL is not an Amazon SNS URL.");
  const response = await trust.fetch(url).catch(() => null);
  if (!response?.ok)
    throw webhookRefusal(422, "sns-subscribe-failed", "Amazon SNS did not accept the subscription confirmation; SNS will send it again.");
}
