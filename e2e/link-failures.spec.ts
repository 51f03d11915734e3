import { expect, test } from "@playwright/test";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

test("a superseded link explains itself and offers a new one", async ({ browser }) => {
  const email = uniqueEmail("superseded");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const first = signInLinkFrom((await waitForMail(email))[0]);
  await requestLink(page, email);
  await waitForMail(email, { count: 2 });

  await page.goto(first);
  await expect(page.getByText("A newer link was sent")).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page).toHaveURL(/\/signin\/check-email$/);
  const messages = await waitForMail(email, { count: 3 });
  await page.goto(signInLinkFrom(messages[0]));
  await expect(page).toHaveURL(/\/account$/);
});

test("an expired link explains itself and never signs in", async ({ browser }) => {
  const email = uniqueEmail("expired");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);
  const attempt = await latestAttemptFor(email);
  // Move the clock instead of waiting ten minutes.
  await e2eDatabase().query(`UPDATE "LoginAttempt" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [attempt!.id]);

  await page.goto(link);
  await expect(page.getByText("This link has expired")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send me a new link" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
});

test("the email, the sign-in page and the expiry message all name the configured time to live", async ({ browser }) => {
  const email = uniqueEmail("ttl");
  const context = await newDevice(browser, { instance: "strict" });
  const page = await context.newPage();
  await page.goto("/signin");
  await expect(page.getByText("The link works once, for 15 minutes")).toBeVisible();
  await requestLink(page, email);
  const [message] = await waitForMail(email);
  expect(message.text).toContain("15 minutes");
  const attempt = await latestAttemptFor(email);
  await e2eDatabase().query(`UPDATE "LoginAttempt" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [attempt!.id]);
  await page.goto(signInLinkFrom(message));
  await expect(page.getByText("This link has expired")).toBeVisible();
  await expect(page.getByText("Links work for 15 minutes and only once.")).toBeVisible();
  await page.goto("/signin/failed?reason=expired");
  await expect(page.getByText("Links work for 15 minutes and only once.")).toBeVisible();
});

test("a used link cannot be used again, and says so", async ({ browser }) => {
  const email = uniqueEmail("reuse");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await page.goto(link);
  await expect(page.getByText(/already been used/i)).toBeVisible();
  // The heading tells the outcome, and a complete link is never called incomplete.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link didn't sign you in");
  await expect(page.getByText("This link is incomplete")).toHaveCount(0);
  // Only a link whose fragment really is missing is.
  await page.goto(link.split("#")[0]);
  await expect(page.getByText("This link is incomplete")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link didn't sign you in");
});
