import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { keyedHash } from "@/lib/security/secrets";
import { requestSignIn } from "@/lib/magic-link/request/request-sign-in";
import { startLocalSns, type LocalSns } from "@/test/support/local-sns";
import { startMailCatcher } from "../catcher";
import { claimDueEmails, deliverClaimed } from "../deliver-outbox";
import { readMailbox } from "../mailbox";
import { activeSuppression } from "../suppression";
import { resetMailTransport } from "../transport";
import { handleDeliveryFeedback } from "./handle-delivery-feedback";

/**
 * The webhook end to end below HTTP: real sign-in emails through a real SMTP server (which,
 * like SES, names its own message id in its reply), then provider notifications in the
 * documented shapes, signed by each provider's documented scheme, about those emails.
 */
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-feedback";
const RESEND_KEY = randomBytes(24);
const POSTMARK = { user: "postmark-hooks", password: randomBytes(18).toString("base64url") };
const folder = mkdtempSync(path.join(os.tmpdir(), "feedback-mailbox-"));
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
let sns: LocalSns;

beforeAll(async () => {
  const port = 20_000 + ((process.pid + 7_919) % 10_000);
  catcher = await startMailCatcher({ port, folder });
  sns = await startLocalSns();
  Object.assign(process.env, {
    EMAIL_SERVER: `smtp://127.0.0.1:${port}`,
    EMAIL_FROM: "Acme <no-reply@acme.test>",
    SES_SNS_TOPIC_ARNS: TOPIC,
    POSTMARK_WEBHOOK_USER: POSTMARK.user,
    POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
    RESEND_WEBHOOK_SECRET: `whsec_${RESEND_KEY.toString("base64")}`,
  });
  resetEnvCache();
  resetMailTransport();
});

afterAll(async () => {
  resetMailTransport();
  await catcher?.close();
  await sns?.close();
  rmSync(folder, { recursive: true, force: true });
});

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../test/fixtures/delivery-feedback", `${name}.json`), "utf8"));
const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.net`;
const device = () => ({
  ip: "203.0.113.44",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  deviceHash: keyedHash("binding", randomUUID()),
  method: "POST",
});

/** Requests a sign-in for `email` and delivers its email now, as the outbox would. */
async function sentSignIn(email: string) {
  const outcome = await requestSignIn({ email, callbackPath: "/account" }, device());
  if (!outcome.issued) throw new Error("not issued");
  await db.emailOutbox.updateMany({ where: { attemptId: outcome.attemptId }, data: { nextTryAt: new Date(0) } });
  await deliverClaimed(await claimDueEmails());
  const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: outcome.attemptId } });
  const outbox = await db.emailOutbox.findFirstOrThrow({ where: { attemptId: outcome.attemptId } });
  // The catcher answers "250 Queued as <its id>", as SES answers "250 Ok <its message id>".
  const providerId = /Queued as (\S+)/.exec(attempt.smtpResponse ?? "")?.[1];
  if (!providerId || !outbox.messageId) throw new Error(`not sent: ${attempt.smtpResponse}`);
  return { attemptId: outcome.attemptId, messageId: outbox.messageId, providerId };
}

const text = (value: unknown) => JSON.stringify(value, (_key, entry: unknown) => (typeof entry === "bigint" ? entry.toString() : entry));

async function timeline(attemptId: string) {
  return db.auditEvent.findMany({ where: { attemptId }, orderBy: { seq: "asc" } });
}

function post(provider: string, body: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost/api/email-feedback/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const deps = () => ({ snsTrust: sns.trust, now: () => new Date() });

function snsNotification(message: unknown, version: "1" | "2" = "2") {
  return sns.signed(
    {
      Type: "Notification",
      MessageId: randomUUID(),
      TopicArn: TOPIC,
      Message: JSON.stringify(message),
      Timestamp: new Date().toISOString(),
      UnsubscribeURL: `${sns.origin}/unsubscribe`,
    },
    version,
  );
}

function sesBounce(recipient: string, sesMessageId: string, bounceType = "Permanent") {
  const note = fixture("ses-bounce");
  note.mail.messageId = sesMessageId;
  note.mail.destination = [recipient];
  delete note.mail.headers;
  delete note.mail.commonHeaders;
  note.bounce.bounceType = bounceType;
  note.bounce.timestamp = new Date().toISOString();
  note.bounce.bouncedRecipients[0].emailAddress = recipient;
  note.bounce.bouncedRecipients[0].diagnosticCode = `smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown`;
  return note;
}

function resendRequest(body: object, id = `msg_${randomBytes(8).toString("hex")}`, at = new Date()) {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = `v1,${createHmac("sha256", RESEND_KEY).update(`${id}.${timestamp}.${text}`).digest("base64")}`;
  return post("resend", text, { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": signature });
}

const postmarkAuth = (user = POSTMARK.user, password = POSTMARK.password) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

describe("Amazon SES through SNS", () => {
  it("records a hard bounce on the attempt's timeline, suppresses the address, ignores the replay, and sends no more mail there", async () => {
    const email = address("bounce");
    const sent = await sentSignIn(email);
    const request = snsNotification(sesBounce(email, sent.providerId));

    const response = await handleDeliveryFeedback(
      "ses",
      post("ses", JSON.stringify(request), { "x-amz-sns-message-type": "Notification" }),
      deps(),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, recorded: 1 });
    const bounced = (await timeline(sent.attemptId)).filter((event) => event.type === "email.bounced");
    expect(bounced).toHaveLength(1);
    expect(bounced[0]).toMatchObject({
      outcome: "failure",
      reason: "Permanent/General: smtp; 550 5.1.1 <<address>>: Recipient address rejected: User unknown",
    });
    expect(bounced[0].details).toMatchObject({ provider: "ses", bounce: "hard", providerMessageId: sent.providerId });
    expect(text(bounced[0])).not.toContain(email);
    expect(await activeSuppression(email)).toMatchObject({ reason: "hard-bounce" });
    // The waiting tab of that sign-in learns that its email bounced.
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sent.attemptId } })).toMatchObject({
      deliveryStatus: "FAILED",
      deliveryProblem: "bounced",
      status: "DELIVERY_FAILED",
    });

    // SNS delivers at least once: the same notification again changes nothing.
    const replay = await handleDeliveryFeedback("ses", post("ses", JSON.stringify(request)), deps());
    expect(await replay.json()).toMatchObject({ ok: true, recorded: 0, duplicate: true });
    expect((await timeline(sent.attemptId)).filter((event) => event.type === "email.bounced")).toHaveLength(1);

    // The next sign-in email to that address is not sent.
    const before = readMailbox(folder, email).length;
    const next = await requestSignIn({ email, callbackPath: "/account" }, device());
    if (!next.issued) throw new Error("not issued");
    await db.emailOutbox.updateMany({ where: { attemptId: next.attemptId }, data: { nextTryAt: new Date(0) } });
    const claim = await claimDueEmails();
    const outcomes = await deliverClaimed(claim);
    expect(outcomes[claim.rows.findIndex((row) => row.attemptId === next.attemptId)]).toBe("skipped");
    expect(readMailbox(folder, email)).toHaveLength(before);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: next.attemptId } })).toMatchObject({
      deliveryStatus: "FAILED",
      deliveryProblem: "bounced",
      status: "DELIVERY_FAILED",
    });
    expect(await db.emailOutbox.findFirstOrThrow({ where: { attemptId: next.attemptId } })).toMatchObject({
      status: "DEAD",
      payload: null,
    });
    expect((await timeline(next.attemptId)).map((event) => event.type)).toContain("email.skipped");
  });

  it("matches a complaint by the Message-ID we sent (SignatureVersion 1) and a delivery by SES's id; a soft bounce suppresses nothing", async () => {
    const complainer = address("complaint");
    const sent = await sentSignIn(complainer);
    const complaint = fixture("ses-complaint");
    complaint.mail.messageId = "0100019b00000000-ffffffff-0000-0000-0000-000000000000-000000";
    complaint.mail.commonHeaders = { messageId: sent.messageId };
    complaint.complaint.complainedRecipients = [{ emailAddress: complainer }];
    complaint.complaint.timestamp = new Date().toISOString();
    expect((await handleDeliveryFeedback("ses", post("ses", JSON.stringify(snsNotification(complaint, "1"))), deps())).status).toBe(200);
    expect((await timeline(sent.attemptId)).map((event) => event.type)).toContain("email.complained");
    expect(await activeSuppression(complainer)).toMatchObject({ reason: "complaint" });

    const happy = address("delivered");
    const delivered = await sentSignIn(happy);
    const delivery = fixture("ses-delivery");
    delivery.mail.messageId = delivered.providerId;
    delivery.delivery.recipients = [happy];
    delivery.delivery.timestamp = new Date().toISOString();
    await handleDeliveryFeedback("ses", post("ses", JSON.stringify(snsNotification(delivery))), deps());
    expect((await timeline(delivered.attemptId)).find((event) => event.type === "email.delivered")).toMatchObject({ outcome: "success" });

    const soft = address("soft");
    const softSent = await sentSignIn(soft);
    await handleDeliveryFeedback(
      "ses",
      post("ses", JSON.stringify(snsNotification(sesBounce(soft, softSent.providerId, "Transient")))),
      deps(),
    );
    expect((await timeline(softSent.attemptId)).find((event) => event.type === "email.bounced")?.details).toMatchObject({ bounce: "soft" });
    expect(await activeSuppression(soft)).toBeNull();
  });

  it("confirms a subscription through its SubscribeURL", async () => {
    const confirmation = sns.signed({
      Type: "SubscriptionConfirmation",
      MessageId: randomUUID(),
      Token: "token-for-this-test",
      TopicArn: TOPIC,
      Message: "You have chosen to subscribe to the topic.",
      SubscribeURL: `${sns.origin}/confirm?Token=token-for-this-test`,
      Timestamp: new Date().toISOString(),
    });
    const response = await handleDeliveryFeedback("ses", post("ses", JSON.stringify(confirmation)), deps());
    expect(await response.json()).toEqual({ ok: true, confirmed: true });
    expect(sns.confirmations).toContain("token-for-this-test");
  });

  it("refuses forged, foreign, stale and malformed messages with a 4xx that says why, recording nothing", async () => {
    const email = address("forged");
    const sent = await sentSignIn(email);
    const events = await db.auditEvent.count();
    const genuine = snsNotification(sesBounce(email, sent.providerId));
    const cases: Array<[Request, number, string, typeof deps | (() => undefined)]> = [
      [
        post("ses", JSON.stringify({ ...genuine, Message: JSON.stringify(sesBounce(address("other"), sent.providerId)) })),
        403,
        "sns-signature",
        deps,
      ],
      [
        post("ses", JSON.stringify(sns.signed({ ...genuine, Signature: "" } as Record<string, string>, "2", sns.strangerKey))),
        403,
        "sns-signature",
        deps,
      ],
      [
        post("ses", JSON.stringify(sns.signed({ ...genuine, TopicArn: "arn:aws:sns:eu-west-1:123456789012:someone-else" }))),
        403,
        "sns-topic",
        deps,
      ],
      // The production trust never fetches a certificate from anywhere but AWS's SNS endpoints.
      [post("ses", JSON.stringify(genuine)), 403, "sns-certificate-url", () => undefined],
      [post("ses", JSON.stringify(genuine), { "x-amz-sns-message-type": "SubscriptionConfirmation" }), 400, "not-sns", deps],
      [
        post(
          "ses",
          JSON.stringify(
            snsNotification({
              ...sesBounce(email, sent.providerId),
              bounce: { ...sesBounce(email, sent.providerId).bounce, timestamp: "2026-01-01T00:00:00.000Z" },
            }),
          ),
        ),
        422,
        "too-old",
        deps,
      ],
      [post("ses", JSON.stringify(snsNotification({ notificationType: "Bounce" }))), 400, "not-ses", deps],
      [post("ses", "{not json"), 400, "not-json", deps],
      [post("ses", JSON.stringify({ Type: "Notification" })), 400, "not-sns", deps],
      [post("ses", "x".repeat(300 * 1024)), 413, "too-large", deps],
    ];
    for (const [request, status, code, dependencies] of cases) {
      const response = await handleDeliveryFeedback("ses", request, dependencies() as ReturnType<typeof deps>);
      const answer = await response.json();
      expect({ status: response.status, code: answer.code }, answer.message).toEqual({ status, code });
      expect(answer.message).toMatch(/^[A-Z]/);
      expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+|Error:/);
    }
    expect(await db.auditEvent.count()).toBe(events);
    expect(await activeSuppression(email)).toBeNull();
  });
});

describe("Postmark", () => {
  it("requires its HTTP Basic credentials, then records a hard bounce and suppresses the address", async () => {
    const email = address("postmark");
    const sent = await sentSignIn(email);
    const bounce = {
      ...fixture("postmark-bounce"),
      ID: Number(randomBytes(4).readUInt32BE()),
      MessageID: sent.providerId,
      Email: email,
      BouncedAt: new Date().toISOString(),
    };
    for (const headers of [{}, postmarkAuth(POSTMARK.user, "wrong-password-123"), postmarkAuth("someone", POSTMARK.password)]) {
      const refused = await handleDeliveryFeedback("postmark", post("postmark", JSON.stringify(bounce), headers));
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Basic/);
    }
    expect(await activeSuppression(email)).toBeNull();
    const accepted = await handleDeliveryFeedback("postmark", post("postmark", JSON.stringify(bounce), postmarkAuth()));
    expect(await accepted.json()).toMatchObject({ ok: true, recorded: 1 });
    expect((await timeline(sent.attemptId)).find((event) => event.type === "email.bounced")?.details).toMatchObject({
      provider: "postmark",
      bounce: "hard",
    });
    expect(await activeSuppression(email)).toMatchObject({ reason: "hard-bounce" });
  });

  it("takes in ten simultaneous deliveries of one notification exactly once", async () => {
    const email = address("parallel");
    const sent = await sentSignIn(email);
    const body = JSON.stringify({
      ...fixture("postmark-delivery"),
      MessageID: sent.providerId,
      Recipient: email,
      DeliveredAt: new Date().toISOString(),
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleDeliveryFeedback("postmark", post("postmark", body, postmarkAuth())).then((response) => response.json()),
      ),
    );
    expect(answers.filter((answer) => answer.recorded === 1)).toHaveLength(1);
    expect(answers.filter((answer) => answer.duplicate === true)).toHaveLength(9);
    expect((await timeline(sent.attemptId)).filter((event) => event.type === "email.delivered")).toHaveLength(1);
  });
});

describe("Resend (Svix signatures)", () => {
  it("records a signed bounce, ignores its redelivery, and refuses a bad signature or an old timestamp", async () => {
    const email = address("resend");
    const sent = await sentSignIn(email);
    const event = fixture("resend-bounced");
    event.created_at = new Date().toISOString();
    event.data.email_id = sent.providerId;
    event.data.to = [email];
    const id = `msg_${randomBytes(8).toString("hex")}`;
    expect(await (await handleDeliveryFeedback("resend", resendRequest(event, id))).json()).toMatchObject({ ok: true, recorded: 1 });
    expect(await (await handleDeliveryFeedback("resend", resendRequest(event, id))).json()).toMatchObject({ duplicate: true });
    expect((await timeline(sent.attemptId)).filter((entry) => entry.type === "email.bounced")).toHaveLength(1);

    const tampered = resendRequest(event);
    const forged = new Request(tampered.url, {
      method: "POST",
      headers: tampered.headers,
      body: JSON.stringify({ ...event, type: "email.complained" }),
    });
    expect((await handleDeliveryFeedback("resend", forged)).status).toBe(401);
    expect((await handleDeliveryFeedback("resend", resendRequest(event, undefined, new Date(Date.now() - 10 * 60_000)))).status).toBe(401);
    expect((await handleDeliveryFeedback("resend", post("resend", JSON.stringify(event)))).status).toBe(401);
  });

  it("records feedback about mail it cannot match without the address, and keeps the chain intact", async () => {
    const stranger = address("unmatched");
    const event = fixture("resend-complained");
    event.created_at = new Date().toISOString();
    event.data.to = [stranger];
    await handleDeliveryFeedback("resend", resendRequest(event));
    const recorded = await db.auditEvent.findFirstOrThrow({
      where: { type: "email.complained", details: { path: ["recipientHash"], equals: keyedHash("email", stranger).slice(0, 16) } },
    });
    expect(recorded.attemptId).toBeNull();
    expect(text(recorded)).not.toContain(stranger);
    expect(await activeSuppression(stranger)).toMatchObject({ reason: "complaint" });
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });
});

describe("the endpoint", () => {
  it("answers 404 for an unknown provider and for one that is not configured", async () => {
    expect((await handleDeliveryFeedback("sendgrid", post("sendgrid", "{}"))).status).toBe(404);
    const secret = process.env.RESEND_WEBHOOK_SECRET;
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      const response = await handleDeliveryFeedback("resend", post("resend", "{}"));
      expect(response.status).toBe(404);
      expect((await response.json()).message).toMatch(/RESEND_WEBHOOK_SECRET/);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = secret;
      resetEnvCache();
    }
  });
});
