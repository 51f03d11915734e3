import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { steppedUpAdmin } from "./support/admin";
import { e2eDatabase, eventTypesFor, latestAttemptFor } from "./support/database";
import { E2E_SHARED_ENV } from "../test/support/e2e-instances";
import { mailTo, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

/**
 * Provider feedback over real HTTP against a production instance: a Resend bounce signed with
 * Svix's scheme stops mail to the address until an administrator lifts the suppression in the
 * console; unsigned, wrongly signed and foreign requests are refused with a 4xx.
 */
const RESEND_KEY = Buffer.from(E2E_SHARED_ENV.RESEND_WEBHOOK_SECRET.slice("whsec_".length), "base64");

function resendHeaders(body: string, id: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v1,${createHmac("sha256", RESEND_KEY).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
  return { "content-type": "application/json", "svix-id": id, "svix-timestamp": timestamp, "svix-signature": signature };
}

async function smtpReplyId(email: string): Promise<{ attemptId: string; providerId: string }> {
  const attempt = await latestAttemptFor(email);
  let reply = "";
  await expect
    .poll(async () => {
      reply =
        (await e2eDatabase().query('SELECT "smtpResponse" AS reply FROM "LoginAttempt" WHERE id = $1', [attempt!.id])).rows[0].reply ?? "";
      return reply;
    })
    .toMatch(/Queued as \S+/);
  return { attemptId: attempt!.id, providerId: /Queued as (\S+)/.exec(reply)![1] };
}

test("a bounce from the provider stops mail to the address until an admin lifts the suppression", async ({ browser, request }) => {
  const email = uniqueEmail("bounced");
  const device = await newDevice(browser);
  const page = await device.newPage();
  await requestLink(page, email);
  await waitForMail(email);
  const sent = await smtpReplyId(email);

  const bounce = JSON.stringify({
    type: "email.bounced",
    created_at: new Date().toISOString(),
    data: {
      created_at: new Date().toISOString(),
      email_id: sent.providerId,
      from: "Acme <no-reply@acme.test>",
      to: [email],
      subject: "Sign in",
      bounce: { type: "Permanent", subType: "General", message: "Mailbox does not exist" },
    },
  });
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const accepted = await request.post("/api/email-feedback/resend", { headers: resendHeaders(bounce, id), data: bounce });
  expect(accepted.status()).toBe(200);
  expect(await accepted.json()).toMatchObject({ ok: true, recorded: 1 });
  const replay = await request.post("/api/email-feedback/resend", { headers: resendHeaders(bounce, id), data: bounce });
  expect(await replay.json()).toMatchObject({ duplicate: true });
  expect(await eventTypesFor(sent.attemptId)).toContain("email.bounced");

  // The next sign-in email to that address is dropped, not sent.
  await requestLink(page, email);
  const next = await latestAttemptFor(email);
  expect(next!.id).not.toBe(sent.attemptId);
  await expect.poll(() => eventTypesFor(next!.id)).toContain("email.skipped");
  expect(mailTo(email)).toHaveLength(1);

  // An administrator lifts it; mail flows again.
  const { context: admin, page: adminPage } = await steppedUpAdmin(browser);
  await adminPage.goto(`/admin/suppressions?q=${encodeURIComponent(email)}`);
  const row = adminPage.getByTestId("suppressions").locator("li", { hasText: email });
  await expect(row).toContainText("hard bounce");
  await row.getByRole("button", { name: "Lift" }).click();
  // The page refreshes: the address leaves the list in force for the recently lifted one.
  await expect(adminPage.getByTestId("lifted-suppressions")).toContainText(email);
  await expect(adminPage.getByText("No suppressed address matches")).toBeVisible();
  await requestLink(page, email);
  await waitForMail(email, { count: 2 });

  await adminPage.goto("/admin/audit?type=email.suppression_lifted");
  await expect(adminPage.getByTestId("audit-table")).toContainText("email.suppression_lifted");
  await expect(adminPage.getByTestId("chain-status")).toContainText("Audit trail verified");
  await device.close();
  await admin.close();
});

test("unsigned, wrongly signed and foreign feedback is refused with a reason, never a stack trace", async ({ request }) => {
  const body = JSON.stringify({
    type: "email.complained",
    created_at: new Date().toISOString(),
    data: { email_id: "x", to: ["someone@example.net"] },
  });
  const cases: Array<{ path: string; headers: Record<string, string>; status: number }> = [
    { path: "/api/email-feedback/resend", headers: { "content-type": "application/json" }, status: 401 },
    {
      path: "/api/email-feedback/resend",
      headers: { ...resendHeaders(body, "msg_1"), "svix-signature": `v1,${randomBytes(32).toString("base64")}` },
      status: 401,
    },
    {
      path: "/api/email-feedback/postmark",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("postmark-e2e:guess").toString("base64")}` },
      status: 401,
    },
    { path: "/api/email-feedback/sendgrid", headers: { "content-type": "application/json" }, status: 404 },
  ];
  for (const { path, headers, status } of cases) {
    const response = await request.post(path, { headers, data: body });
    expect(response.status(), path).toBe(status);
    const answer = await response.json();
    expect(answer).toMatchObject({ ok: false });
    expect(answer.message).toMatch(/\w/);
    expect(JSON.stringify(answer)).not.toMatch(/\.ts:\d+|node_modules/);
  }

  // A correctly formed SNS message whose certificate is not on an AWS SNS endpoint: nothing is fetched.
  const sns = {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: E2E_SHARED_ENV.SES_SNS_TOPIC_ARNS,
    Message: "{}",
    Timestamp: new Date().toISOString(),
    SignatureVersion: "2",
    Signature: randomBytes(256).toString("base64"),
    SigningCertURL: "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem",
  };
  const refused = await request.post("/api/email-feedback/ses", {
    headers: { "content-type": "text/plain; charset=UTF-8" },
    data: JSON.stringify(sns),
  });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ code: "sns-certificate-url" });
});
