import { expect, test } from "@playwright/test";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { steppedUpAdmin } from "./support/admin";
import { newDevice, requestLink, signIn, uniqueEmail } from "./support/people";

const SCANNER = { "User-Agent": "Mozilla/5.0 (compatible; Microsoft Office/16.0; Safe Links)", "X-Forwarded-For": "40.94.12.34" };

test("an admin finds a sign-in made moments earlier, reads its timeline and signs that user out everywhere", async ({
  browser,
  request,
}) => {
  // Someone signs in; their company's mail scanner fetched the link first.
  const email = uniqueEmail("watched");
  const user = await newDevice(browser);
  const userPage = await user.newPage();
  await requestLink(userPage, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);
  await request.fetch(link, { method: "HEAD", headers: SCANNER });
  await request.get(link, { headers: SCANNER });
  await userPage.goto(link);
  await expect(userPage).toHaveURL(/\/account$/);

  // An admin (signed in, stepped up with TOTP) in another browser finds it.
  const { context: admin, page: adminPage } = await steppedUpAdmin(browser);
  await adminPage.goto(`/admin/attempts?email=${encodeURIComponent(email)}`);
  const row = adminPage.getByTestId("attempts-table").getByRole("link", { name: email });
  await expect(row).toBeVisible();
  await row.click();
  await expect(adminPage).toHaveURL(/\/admin\/attempts\/[a-z0-9]+$/);

  // Its timeline shows the scanner's fetch (masked IP) and the session that followed.
  const timeline = adminPage.getByTestId("attempt-timeline");
  await expect(timeline.locator('[data-event-type="link.fetched"]').filter({ hasText: "fetched by a scanner" }).first()).toContainText(
    "40.94.x.x",
  );
  await expect(timeline.locator('[data-event-type="session.created"]')).toContainText(/^\+\d.*session started/);
  await expect(adminPage.getByTestId("device-cards")).toContainText("Requested from");
  await expect(adminPage.getByTestId("attempt-sessions").locator("li")).toHaveCount(1);

  // Revoking every session of the user signs them out on their very next request.
  await adminPage.getByRole("link", { name: /Open user/ }).click();
  await expect(adminPage.getByTestId("user-sessions").locator("li")).toHaveCount(1);
  await adminPage.getByTestId("revoke-all-sessions").getByRole("button", { name: "Revoke all sessions" }).click();
  await expect(adminPage.getByText("No active sessions")).toBeVisible();
  await userPage.goto("/account");
  await expect(userPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);

  // Both the look and the action are in the audit trail, with the target named.
  const attempt = await latestAttemptFor(email);
  const { rows } = await e2eDatabase().query(
    `SELECT type, details FROM "AuditEvent" WHERE type IN ('admin.viewed', 'admin.action') AND (details->>'attemptId' = $1 OR details->>'action' = 'session.revoke_all') ORDER BY seq`,
    [attempt!.id],
  );
  expect(rows.map((r) => [r.type, r.details.page ?? r.details.action])).toEqual(
    expect.arrayContaining([
      ["admin.viewed", "attempt"],
      ["admin.action", "session.revoke_all"],
    ]),
  );
  await adminPage.goto("/admin/audit?type=admin.action");
  await expect(adminPage.getByTestId("audit-table")).toContainText("session.revoke_all");
  await expect(adminPage.getByTestId("chain-status")).toContainText("Audit trail verified");
  await user.close();
  await admin.close();
});

test("a signed-in non-admin gets a plain 404 from admin pages and routes, and the refusal is audited", async ({ browser }) => {
  const email = uniqueEmail("not-admin");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, email);
  for (const path of ["/admin", "/admin/attempts", "/admin/audit"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByText("Sign-in attempts")).toHaveCount(0);
  }
  const csv = await page.request.get("/admin/attempts/export");
  expect(csv.status()).toBe(404);
  expect(await csv.json()).toMatchObject({ ok: false, code: "not-found" });

  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE e.type = 'admin.denied' AND u.email = $1`,
    [email],
  );
  expect(rows[0].n).toBe(4);
  await context.close();
});

test("a signed-out visitor is sent to sign in first", async ({ browser }) => {
  const context = await newDevice(browser);
  const page = await context.newPage();
  await page.goto("/admin/attempts");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/);
  const csv = await page.request.get("/admin/attempts/export");
  expect(csv.status()).toBe(404);
  await context.close();
});
