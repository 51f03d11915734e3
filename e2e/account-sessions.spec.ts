import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { signInCodeFrom, waitForMail } from "./support/mailbox";
import { newDevice, signIn, signInAgain, uniqueEmail } from "./support/people";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

test("sessions: signing out one other session or all of them needs a fresh proof, and the others are out on their next request", async ({
  browser,
}) => {
  const email = uniqueEmail("sessions");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email);
  const phone = await newDevice(browser, { userAgent: IPHONE });
  const phonePage = await phone.newPage();
  await signInAgain(phonePage, email);
  const tablet = await newDevice(browser);
  const tabletPage = await tablet.newPage();
  await signInAgain(tabletPage, email);

  await laptopPage.goto("/account");
  await expect(laptopPage.getByTestId("session-list").locator("li")).toHaveCount(3);
  await expect(laptopPage.getByTestId("current-session")).toContainText("This session");
  await expect(laptopPage.getByTestId("other-session").filter({ hasText: "Safari on iOS" })).toHaveCount(1);

  // Ten minutes after signing in, with no factor, signing out even one other session asks for a
  // code by email: from a stolen session it would end the owner's.
  await e2eDatabase().query(
    `UPDATE "Session" s SET "createdAt" = now() - interval '10 minutes' FROM "User" u WHERE u.id = s."userId" AND u.email = $1`,
    [email],
  );
  await laptopPage.getByTestId("other-session").filter({ hasText: "Safari on iOS" }).getByRole("button", { name: "Sign out" }).click();
  await expect(laptopPage).toHaveURL(/\/step-up\?policy=sessions\.revokeOthers/);
  await expect(laptopPage.getByTestId("step-up")).toHaveAttribute("data-reason", "proof-expired");
  await phonePage.goto("/account");
  await expect(phonePage.getByTestId("account-email")).toHaveText(email);

  await laptopPage.getByRole("button", { name: "Email me a code" }).click();
  const [codeMail] = await waitForMail(email, { subject: /confirmation code$/ });
  expect(codeMail.subject).not.toMatch(/\d/);
  await laptopPage.getByLabel("Code from the email").fill(signInCodeFrom(codeMail));
  await laptopPage.getByRole("button", { name: "Confirm with code" }).click();
  await expect(laptopPage).toHaveURL(/\/account$/);

  // With a fresh proof: one session, then all the others.
  await laptopPage.getByTestId("other-session").filter({ hasText: "Safari on iOS" }).getByRole("button", { name: "Sign out" }).click();
  await expect(laptopPage.getByTestId("other-session")).toHaveCount(1);
  await phonePage.goto("/account");
  await expect(phonePage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  await laptopPage.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(laptopPage.getByTestId("other-session")).toHaveCount(0);
  await expect(laptopPage.getByTestId("current-session")).toContainText("emailed code");

  // The tablet finds out on its very next request.
  await tabletPage.goto("/account");
  await expect(tabletPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  await laptopPage.reload();
  await expect(laptopPage.getByTestId("account-email")).toHaveText(email);
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = 'session.revoked'`,
    [email],
  );
  expect(rows[0].n).toBe(2);
  await Promise.all([laptop.close(), phone.close(), tablet.close()]);
});
