import { expect, test, type Page } from "@playwright/test";
import { steppedUpAdmin } from "./support/admin";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { mailTo, signInLinkFrom, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

/**
 * Delivery integrity over real SMTP: the e2e mail catcher refuses scripted recipients
 * (lib/mail/catcher.ts scriptedReply): greylist-… with 451 for a while, smtp-550-… for good.
 */
const query = async (sql: string, values: unknown[]) => (await e2eDatabase().query(sql, values)).rows;

async function outboxOf(attemptId: string) {
  const [row] = await query(`SELECT status, tries, payload IS NULL AS wiped FROM "EmailOutbox" WHERE "attemptId" = $1`, [attemptId]);
  return row as { status: string; tries: number; wiped: boolean };
}

async function eventsOf(attemptId: string) {
  return (await query(`SELECT type, reason, details FROM "AuditEvent" WHERE "attemptId" = $1 ORDER BY seq`, [attemptId])) as Array<{
    type: string;
    reason: string | null;
    details: Record<string, unknown> | null;
  }>;
}

const attemptCount = async (email: string) =>
  (await query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, [email]))[0].n as number;

const deliveryProblem = (page: Page) => page.getByTestId("delivery-problem");

test("a link superseded while its email waits for a retry is never mailed: the retry is dropped with email.skipped", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("greylist");
  const device = await newDevice(browser);
  const page = await device.newPage();
  try {
    await requestLink(page, email);
    const first = (await latestAttemptFor(email))!;
    // The catcher greylists the address: the tab says so in plain words and offers a new email.
    await expect(deliveryProblem(page)).toHaveAttribute("data-delivery", "RETRYING", { timeout: 15_000 });
    await expect(page.getByText("We could not send the email yet")).toBeVisible();

    await page.getByRole("button", { name: "Send a new email" }).click();
    await expect.poll(async () => (await latestAttemptFor(email))?.id).not.toBe(first.id);
    const second = (await latestAttemptFor(email))!;
    expect((await latestAttemptFor(email))!.id).toBe(second.id);
    expect((await query(`SELECT status FROM "LoginAttempt" WHERE id = $1`, [first.id]))[0].status).toBe("SUPERSEDED");

    // The first message's next try finds its link superseded, under the outbox's lease, and drops it.
    await expect.poll(async () => (await outboxOf(first.id)).status, { timeout: 30_000 }).toBe("DEAD");
    expect(await outboxOf(first.id)).toMatchObject({ wiped: true });
    const skipped = (await eventsOf(first.id)).filter((event) => event.type === "email.skipped");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({
      reason: "a newer link was requested",
      details: expect.objectContaining({ skipped: "link-superseded" }),
    });

    // The new one gets through once the greylisting is over, and it is the only mail that ever arrives.
    const [message] = await waitForMail(email, { timeoutMs: 45_000 });
    await expect.poll(async () => (await outboxOf(second.id)).status).toBe("SENT");
    expect(signInLinkFrom(message)).toContain(`/verify/${second.id}#`);
    expect(mailTo(email)).toHaveLength(1);
    expect((await eventsOf(first.id)).map((event) => event.type)).not.toContain("email.sent");
    await expect(page.getByText("Email sent. Waiting for you to open the link…")).toBeVisible();

    // The administrator sees how far each got: the first was queued and never sent, the second accepted by SMTP.
    const { context: admin, page: adminPage } = await steppedUpAdmin(browser);
    try {
      await adminPage.goto(`/admin/attempts/${first.id}`);
      const stages = adminPage.getByTestId("delivery-stages");
      await expect(stages.locator('[data-stage="queued"]')).toHaveAttribute("data-reached", "yes");
      await expect(stages.locator('[data-stage="accepted"]')).toHaveAttribute("data-reached", "no");
      await expect(stages.locator('[data-stage="stopped"]')).toContainText("Not sent");
      await adminPage.goto(`/admin/attempts/${second.id}`);
      await expect(stages.locator('[data-stage="accepted"]')).toHaveAttribute("data-reached", "yes");
      await expect(stages.locator('[data-stage="session"]')).toHaveAttribute("data-reached", "no");
    } finally {
      await admin.close();
    }
  } finally {
    await device.close();
  }
});

test("a permanent refusal is not retried, and the waiting tab reads the same for a real request and a refused one (decoy)", async ({
  browser,
}) => {
  const email = uniqueEmail("smtp-550");
  const device = await newDevice(browser);
  const page = await device.newPage();
  try {
    // No account for the address: a real attempt, refused for good by the SMTP server.
    await requestLink(page, email);
    const attempt = (await latestAttemptFor(email))!;
    await expect(deliveryProblem(page)).toHaveAttribute("data-delivery", "REFUSED", { timeout: 15_000 });
    await expect(page.getByText("Your email could not be delivered")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send a new email" })).toBeVisible();
    // The code is in the email that will not arrive: no code form to wait at.
    await expect(page.getByLabel("6-digit code")).toHaveCount(0);
    const realWords = await deliveryProblem(page).innerText();

    expect(await outboxOf(attempt.id)).toMatchObject({ status: "DEAD", tries: 1, wiped: true });
    const failed = (await eventsOf(attempt.id)).filter((event) => event.type === "email.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatch(/550/);
    expect(failed[0].details).toMatchObject({ failure: "permanent", willRetry: false, smtpReply: 550 });

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`check-email-refused-${width}.png`), fullPage: true });
    }

    // Now an account exists for the address and it is locked: requests get a decoy, with no
    // attempt and no email behind it. The tab must read exactly as it did for the real one.
    await e2eDatabase().query(`INSERT INTO "User" (id, email, "lockedAt", "createdAt", "updatedAt") VALUES ($1, $2, now(), now(), now())`, [
      `locked${Date.now()}`,
      email,
    ]);
    await requestLink(page, email);
    await expect(deliveryProblem(page)).toHaveAttribute("data-delivery", "REFUSED", { timeout: 15_000 });
    expect(await deliveryProblem(page).innerText()).toBe(realWords);
    await expect(page.getByLabel("6-digit code")).toHaveCount(0);
    expect(await attemptCount(email)).toBe(1);
    expect(mailTo(email)).toHaveLength(0);
  } finally {
    await device.close();
  }
});
