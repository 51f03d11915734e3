import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startLocalSns, type LocalSns } from "@/test/support/local-sns";
import { isAwsSnsUrl, parseSnsMessage } from "./sns-message";
import { AWS_SNS_TRUST, confirmSnsSubscription, verifySnsMessage } from "./sns-verifier";

let sns: LocalSns;
beforeAll(async () => {
  sns = await startLocalSns();
});
afterAll(async () => {
  await sns.close();
});

const notification = (overrides: Record<string, string> = {}) => ({
  Type: "Notification",
  MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  TopicArn: "arn:aws:sns:eu-west-1:123456789012:ses-feedback",
  Subject: "Amazon SES Email Event Notification",
  Message: JSON.stringify({ notificationType: "Delivery" }),
  Timestamp: new Date().toISOString(),
  UnsubscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe",
  ...overrides,
});

describe("verifySnsMessage", () => {
  it("accepts SignatureVersion 1 (SHA-1) and 2 (SHA-256), with or without a Subject", async () => {
    for (const version of ["1", "2"] as const) {
      await expect(verifySnsMessage(parseSnsMessage(sns.signed(notification(), version)), sns.trust)).resolves.toBeUndefined();
    }
    const withoutSubject: Record<string, string> = notification();
    delete withoutSubject.Subject;
    await expect(verifySnsMessage(parseSnsMessage(sns.signed(withoutSubject)), sns.trust)).resolves.toBeUndefined();
  });

  it("refuses an altered field, a signature by another key, and a version swapped after signing", async () => {
    const signed = sns.signed(notification());
    await expect(
      verifySnsMessage(parseSnsMessage({ ...signed, Message: '{"notificationType":"Bounce"}' }), sns.trust),
    ).rejects.toMatchObject({ status: 403, code: "sns-signature" });
    await expect(
      verifySnsMessage(parseSnsMessage({ ...signed, TopicArn: "arn:aws:sns:eu-west-1:123456789012:other" }), sns.trust),
    ).rejects.toMatchObject({ code: "sns-signature" });
    await expect(verifySnsMessage(parseSnsMessage(sns.signed(notification(), "2", sns.strangerKey)), sns.trust)).rejects.toMatchObject({
      code: "sns-signature",
    });
    await expect(verifySnsMessage(parseSnsMessage({ ...signed, SignatureVersion: "1" }), sns.trust)).rejects.toMatchObject({
      code: "sns-signature",
    });
  });

  it("signs confirmations over SubscribeURL and Token, and confirms through the SubscribeURL", async () => {
    const confirmation = sns.signed({
      Type: "SubscriptionConfirmation",
      MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
      Token: "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a",
      TopicArn: "arn:aws:sns:eu-west-1:123456789012:ses-feedback",
      Message: "You have chosen to subscribe to the topic. To confirm the subscription, visit the SubscribeURL included in this message.",
      SubscribeURL: `${sns.origin}/confirm?Token=tok-1`,
      Timestamp: new Date().toISOString(),
    });
    const message = parseSnsMessage(confirmation);
    await verifySnsMessage(message, sns.trust);
    await expect(verifySnsMessage(parseSnsMessage({ ...confirmation, Token: "other" }), sns.trust)).rejects.toMatchObject({
      code: "sns-signature",
    });
    await confirmSnsSubscription(message, sns.trust);
    expect(sns.confirmations).toEqual(["tok-1"]);
  });

  it("fetches nothing from a certificate URL that is not an SNS endpoint (the production trust)", async () => {
    const message = parseSnsMessage(sns.signed(notification()));
    await expect(verifySnsMessage(message, AWS_SNS_TRUST)).rejects.toMatchObject({ status: 403, code: "sns-certificate-url" });
  });

  it("fetches at most ten unknown certificates a minute, so invented URLs cannot make it a fetcher", async () => {
    const later = new Date(Date.now() + 10 * 60_000);
    const codes: string[] = [];
    for (let index = 0; index < 12; index++) {
      const message = parseSnsMessage({ ...sns.signed(notification()), SigningCertURL: `${sns.origin}/invented-${index}.pem` });
      codes.push(
        await verifySnsMessage(message, sns.trust, later).then(
          () => "ok",
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(codes).toEqual([...Array(10).fill("sns-certificate-unavailable"), "sns-certificate-budget", "sns-certificate-budget"]);
  });

  it("refuses any trust but AWS's in production, so the test seam cannot be used there", async () => {
    const message = parseSnsMessage(sns.signed(notification()));
    const previous = process.env.NODE_ENV;
    Object.assign(process.env, {
      NODE_ENV: "production",
      AUTH_SECRET: "p".repeat(32),
      AUTH_URL: "https://app.example.com",
      EMAIL_SERVER: "smtp://mail.example.com:587",
      CLIENT_IP_SOURCE: "cf-connecting-ip",
    });
    resetEnvCache();
    try {
      await expect(verifySnsMessage(message, sns.trust)).rejects.toThrow(/only in production/);
    } finally {
      Object.assign(process.env, { NODE_ENV: previous });
      delete process.env.EMAIL_SERVER;
      delete process.env.CLIENT_IP_SOURCE;
      resetEnvCache();
    }
  });
});

describe("isAwsSnsUrl", () => {
  it("allows only HTTPS SNS endpoints, certificates only as .pem", () => {
    const allowed = (url: string, kind: "certificate" | "subscribe" = "certificate") => isAwsSnsUrl(new URL(url), kind);
    expect(allowed("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem")).toBe(true);
    expect(allowed("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem")).toBe(true);
    expect(allowed("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=y", "subscribe")).toBe(true);
    for (const url of [
      "http://sns.us-east-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com/x.txt",
      "https://my-bucket.s3.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
      "https://evil.example/sns.us-east-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com@evil.example/x.pem",
      "https://user@sns.us-east-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com:8443/x.pem",
      "https://sns.amazonaws.com/x.pem",
    ]) {
      expect(allowed(url), url).toBe(false);
    }
  });
});
