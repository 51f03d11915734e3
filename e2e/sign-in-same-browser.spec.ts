import { expect, test } from "@playwright/test";
import { allMail, signInLinkFrom, waitForMail } from "./support/mailbox";
import { e2eDatabase } from "./support/database";
import { newDevice, requestLink, signIn, uniqueEmail } from "./support/people";
import { instanceUrl } from "../test/support/e2e-instances";

test("a read of the database gives no session: it holds only a keyed hash of the cookie's token", async ({ browser }) => {
  const email = uniqueEmail("session-at-rest");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, email);
  const cookie = (await context.cookies()).find((candidate) => candidate.name.endsWith("authjs.session-token"))!;

  const { rows } = await e2eDatabase().query(
    `SELECT to_jsonb(s) AS row FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`,
    [email],
  );
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows[0].row)).not.toContain(cookie.value);

  // Every value the row holds, tried as the cookie in another browser, is no session.
  const thief = await newDevice(browser);
  const thiefPage = await thief.newPage();
  for (const value of Object.values(rows[0].row as Record<string, unknown>).filter(
    (field): field is string => typeof field === "string" && /^[\w-]{32,}$/.test(field),
  )) {
    await thief.addCookies([{ ...cookie, value, sameSite: "Lax" }]);
    await thiefPage.goto("/account");
    await expect(thiefPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  }
  await thief.close();
  await context.close();
});

test("a person signs in with the emailed link, signs out, and the old session cookie is dead", async ({ browser }) => {
  const email = uniqueEmail("same-browser");
  const context = await newDevice(browser);
  const page = await context.newPage();

  await requestLink(page, email);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // Letters in the code box get the page's own error text, not the browser's bubble.
  await page.getByLabel("6-digit code").fill("12ab56");
  await page.getByRole("button", { name: "Sign in with code" }).click();
  await expect(page.locator("#code-error")).toHaveText(/digits only/);
  await expect(page).toHaveURL(/\/signin\/check-email$/);

  const [message] = await waitForMail(email);
  expect(message.subject).toMatch(/^Sign in to /);
  const link = signInLinkFrom(message);
  expect(link.startsWith(`${instanceUrl("approve")}/verify/`)).toBe(true);

  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  // The secret never stays in the address bar.
  expect(page.url()).not.toContain("#");

  const sessionCookie = (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
  expect(sessionCookie).toBeDefined();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByText("You're signed out")).toBeVisible();

  // Replaying the old cookie in a fresh browser gets no session: it was ended on the server.
  const replay = await newDevice(browser);
  await replay.addCookies([{ ...sessionCookie!, sameSite: "Lax" }]);
  const replayPage = await replay.newPage();
  await replayPage.goto("/account");
  await expect(replayPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  await context.close();
  await replay.close();
});

test("bad addresses get a clear message and no email is sent", async ({ browser }) => {
  const context = await newDevice(browser);
  const page = await context.newPage();
  await page.goto("/signin");
  const field = page.getByLabel("Email address");
  const submit = page.getByRole("button", { name: "Email me a sign-in link" });

  for (const bad of ["not-an-email", "", "x".repeat(10_000)]) {
    await field.fill(bad);
    await submit.click();
    await expect(page.locator("#email-error")).toBeVisible();
    await expect(page.locator("#email-error")).toHaveText(/email|address/i);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/signin$/);
  }
  // Nothing was queued for any of them: a request that is answered without an outbox row never sends mail.
  const queued = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" LIKE '%not-an-email%' OR "to" LIKE 'xxxxxxxx%'`,
  );
  expect(queued.rows[0].n).toBe(0);
  expect(allMail().some((message) => message.envelopeTo.some((to) => to.includes("not-an-email") || to.startsWith("xxxxxxxx")))).toBe(
    false,
  );
  await context.close();
});
