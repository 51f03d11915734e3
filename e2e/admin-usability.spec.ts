import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { steppedUpAdmin } from "./support/admin";

const PHONE = { width: 390, height: 844 };

test("every admin page fits a phone (no sideways scrolling, a folding menu) and invalid filters list nothing", async ({ browser }) => {
  const { context, page, email } = await steppedUpAdmin(browser);
  // A long address and an unknown user agent, the kind that pushed the users page off the screen.
  const long = `${randomBytes(4).toString("hex")}-a-very-long-local-part-for-testing-layouts@subdomain.example-company.test`;
  const userId = `c${randomBytes(12).toString("hex")}`;
  const attemptId = `c${randomBytes(12).toString("hex")}`;
  await e2eDatabase().query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, long]);
  await e2eDatabase().query(
    `INSERT INTO "LoginAttempt" (id, email, "userId", "linkTokenHash", "codeHash", "bindingHash", "expiresAt", "requestUserAgent")
     VALUES ($1, $2, $3, $1, 'c', 'b', now(), $4)`,
    [attemptId, long, userId, "SomeVeryLongUnknownAutomationAgent/1.0 (+https://example.test/a-long-bot-information-page)"],
  );
  const own = await latestAttemptFor(email);

  await page.setViewportSize(PHONE);
  const pages = [
    "/admin",
    "/admin/attempts",
    `/admin/attempts?email=${encodeURIComponent(long)}`,
    `/admin/attempts/${own!.id}`,
    `/admin/attempts/${attemptId}`,
    "/admin/users",
    `/admin/users/${userId}`,
    "/admin/alerts",
    "/admin/suppressions",
    "/admin/audit",
  ];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  }

  // One header row: the sections sit behind the Menu button, which closes once a section opens.
  const sections = page.getByRole("navigation", { name: "Admin sections" });
  await expect(sections).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await sections.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(sections).toBeHidden();

  // Invalid filters say what is wrong and list nothing, never the whole unfiltered list.
  await page.goto("/admin/attempts?ip=not-an-ip");
  await expect(page.getByText("Not an IP address")).toBeVisible();
  await expect(page.getByText("No attempts: a filter is invalid")).toBeVisible();
  await expect(page.getByTestId("attempts-table")).toHaveCount(0);
  await page.goto("/admin/audit?attemptId=DROP%20TABLE");
  await expect(page.getByText("Attempt id: Not an id")).toBeVisible();
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  const csv = await page.request.get("/admin/attempts/export?from=yesterday");
  expect(csv.status()).toBe(400);
  expect(await csv.json()).toMatchObject({ ok: false, code: "invalid-filters", fieldErrors: { from: expect.any(String) } });
  await context.close();
});
