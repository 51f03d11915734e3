import { expect, test } from "@playwright/test";
import { adminInvitationFor, redeemInvitation, steppedUpAdmin } from "./support/admin";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { instanceUrl } from "../test/support/e2e-instances";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, signIn, signInAgain, uniqueEmail } from "./support/people";
import { enrolAuthenticatorApp, totpCode } from "./support/totp";

/**
 * An administrator's second factor is what stands between a stolen mailbox and the admin
 * console, so a mailbox alone must never be enough to set up the first one.
 */

async function alertsFor(email: string, kind: string): Promise<number> {
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "Alert" a JOIN "User" u ON u.id = a."userId" WHERE u.email = $1 AND a.kind = $2`,
    [email, kind],
  );
  return rows[0].n as number;
}

test("with only the mailbox, a new administrator can neither set up a factor nor reach the console", async ({ browser }) => {
  const email = uniqueEmail("admin-mailbox-only");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, email);
  await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [email]);

  await page.goto("/account/security");
  await expect(page.getByText("Administrators need an invitation for their first factor")).toBeVisible();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByText(/Confirm it's you/).first()).toBeVisible();
  expect(
    (
      await e2eDatabase().query(`SELECT count(*)::int AS n FROM "TotpFactor" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1`, [
        email,
      ])
    ).rows[0].n,
  ).toBe(0);

  // The routes refuse a direct call too, and an emailed step-up code is not offered or accepted.
  const origin = instanceUrl("approve");
  const options = await context.request.post(`${origin}/api/passkeys/registration/options`, { headers: { Origin: origin } });
  expect(options.status()).toBe(403);
  expect((await options.json()).code).toBe("step-up-required");
  const emailed = await context.request.post(`${origin}/api/step-up/email-code`, {
    form: { policy: "account.manageFactors", returnTo: "/account/security" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(emailed.headers()["location"] ?? "").not.toMatch(/sent=1/);

  await page.goto("/admin");
  await expect(page).not.toHaveURL(/\/admin$/);
  await context.close();
});

test("an invitation from the server lets the administrator set up a first factor once, and the other admins hear of it", async ({
  browser,
}) => {
  // Another administrator who should be told.
  const other = uniqueEmail("admin-watching");
  await e2eDatabase().query(`INSERT INTO "User" (id, email, role, "createdAt", "updatedAt") VALUES ($1, $2, 'ADMIN', now(), now())`, [
    `watch${Date.now()}`,
    other,
  ]);

  const { email, context, page } = await steppedUpAdmin(browser);
  await expect(page.getByTestId("admin-email")).toHaveText(email);
  expect(await alertsFor(email, "admin-first-factor")).toBe(1);
  await waitForMail(other, { subject: /set up their first second factor/ });

  // The invitation was used up.
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "EnrolmentInvitation" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1 AND i."usedAt" IS NULL`,
    [email],
  );
  expect(rows[0].n).toBe(0);
  await context.close();
});

test("an invitation works only for its own administrator, only once", async ({ browser }) => {
  const mine = uniqueEmail("admin-invited");
  const stranger = uniqueEmail("admin-stranger");
  const code = await (async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signIn(page, mine);
    await context.close();
    await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [mine]);
    return adminInvitationFor(mine);
  })();

  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, stranger);
  await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [stranger]);
  await page.goto("/account/security");
  await page.getByRole("link", { name: "Enter an invitation code" }).click();
  await page.getByLabel("Invitation code").fill(code);
  await page.getByRole("button", { name: "Use invitation" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await context.close();

  const owner = await newDevice(browser);
  const ownerPage = await owner.newPage();
  ownerPage.on("dialog", (dialog) => void dialog.accept());
  // The second sign-in email, not the first (already used) one that is in the mailbox already.
  await signInAgain(ownerPage, mine);
  await redeemInvitation(ownerPage, code);
  await enrolAuthenticatorApp(ownerPage);
  await ownerPage.goto("/account/security");
  await expect(ownerPage.getByText("Administrators need an invitation")).toHaveCount(0);
  await owner.close();
});

test("removing an administrator's last factor alerts the other admins, ends pending links and offers to sign out elsewhere", async ({
  browser,
}) => {
  test.slow(); // Two sign-ins, an invitation, an enrolment and a factor step on a shared machine.
  const { email, context, page, secret } = await steppedUpAdmin(browser);
  const elsewhere = await newDevice(browser);
  const elsewherePage = await elsewhere.newPage();
  // A browser that never proved the app signs in only after the app's next code (SIGN_IN_FACTOR).
  await requestLink(elsewherePage, email);
  const [signInEmail] = await waitForMail(email, { count: 2, subject: /^Sign in to / });
  await elsewherePage.goto(signInLinkFrom(signInEmail));
  await expect(elsewherePage).toHaveURL(/\/step-up\?policy=account\.signIn/);
  await elsewherePage.getByLabel("Code from your authenticator app").fill(await totpCode(secret, Date.now() + 30_000));
  await elsewherePage.getByRole("button", { name: "Confirm with code" }).click();
  await expect(elsewherePage).toHaveURL(/\/account$/);
  await requestLink(elsewherePage, email);

  await page.goto("/account/security");
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByTestId("totp-status")).toHaveCount(0);
  await expect.poll(() => alertsFor(email, "admin-last-factor-removed")).toBe(1);
  expect((await latestAttemptFor(email))?.status).toBe("SUPERSEDED");
  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page.getByRole("button", { name: "Sign out all other sessions" })).toHaveCount(0);
  await elsewherePage.goto("/account");
  await expect(elsewherePage).toHaveURL(/\/signin/);
  await Promise.all([context.close(), elsewhere.close()]);
});
