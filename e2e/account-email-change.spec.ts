import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { waitForMail } from "./support/mailbox";
import { newDevice, requestLink, signIn, signInAgain, uniqueEmail } from "./support/people";
import { enrolAuthenticatorApp, totpCode, totpCodeNotNear } from "./support/totp";

/** The id Next.js gave a server action in this build, so a test can post it without any page. */
function serverActionId(exportedName: string, file: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, action]) => action.exportedName === exportedName && action.filename?.endsWith(file));
  if (!entry) throw new Error(`No server action ${exportedName} in ${file}; was the app built?`);
  return entry[0];
}

async function userEvents(email: string) {
  const { rows } = await e2eDatabase().query(
    'SELECT e.type, e.reason, e.details FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 ORDER BY e.seq',
    [email],
  );
  return rows as Array<{ type: string; reason: string | null; details: Record<string, unknown> }>;
}

const linkIn = (text: string, path: string) => {
  const match = new RegExp(`(https?://[^\\s"<>]+${path}\\?change=[a-z0-9]+#[A-Za-z0-9_-]{43})`).exec(text);
  if (!match) throw new Error(`No ${path} link in: ${text}`);
  return match[1];
};

test("a magic-link-only session posting the email-change action directly is refused", async ({ browser, baseURL }) => {
  const email = uniqueEmail("change-direct");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, email);
  // Six minutes after the link: no proof within the five-minute window any more.
  await e2eDatabase().query(
    `UPDATE "Session" s SET "createdAt" = now() - interval '6 minutes' FROM "User" u WHERE u.id = s."userId" AND u.email = $1`,
    [email],
  );
  await page.goto("/account/email");
  await expect(page).toHaveURL(/\/step-up\?policy=account\.changeEmail/);

  const actionId = serverActionId("requestEmailChangeAction", "account/email/actions.ts");
  const post = (headers: Record<string, string>) =>
    context.request.post("/account/email", {
      headers: { "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", ...headers },
      data: JSON.stringify([{ email: uniqueEmail("change-target") }]),
    });
  const direct = await (await post({ Origin: baseURL! })).text();
  expect(direct).toContain('"code":"step-up-required"');
  expect(direct).toContain("/step-up?policy=account.changeEmail");
  const withoutOrigin = await (await post({})).text();
  expect(withoutOrigin).toContain('"code":"bad-origin"');

  const { rows } = await e2eDatabase().query(
    'SELECT count(*)::int AS n FROM "EmailChange" c JOIN "User" u ON u.id = c."userId" WHERE u.email = $1',
    [email],
  );
  expect(rows[0].n).toBe(0);
  const required = (await userEvents(email)).filter((event) => event.type === "stepup.required");
  expect(required.map((event) => event.details.policy)).toEqual(["account.changeEmail", "account.changeEmail"]);
  await context.close();
});

test("email change: confirmation to the new address, notice with undo to the old one; sessions and pending links end", async ({
  browser,
}) => {
  const oldEmail = uniqueEmail("change-old");
  const newEmail = uniqueEmail("change-new");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, oldEmail);
  const phone = await newDevice(browser);
  const phonePage = await phone.newPage();
  await signInAgain(phonePage, oldEmail);
  // Someone else has a sign-in link for the old address waiting.
  const pending = await newDevice(browser);
  await requestLink(await pending.newPage(), oldEmail);

  // Right after sign-in, with no factor yet, the email proof is fresh enough.
  await laptopPage.goto("/account/email");
  await laptopPage.getByLabel("New email address").fill(newEmail.toUpperCase());
  await laptopPage.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(laptopPage.getByText("Check the new inbox")).toBeVisible();

  const [confirmation] = await waitForMail(newEmail, { subject: /Confirm your new email address/ });
  const confirmLink = linkIn(confirmation.text, "/account/email/confirm");
  await laptopPage.goto(confirmLink);
  await laptopPage.getByRole("button", { name: "Confirm new address" }).click();
  await expect(laptopPage.getByText(`you now sign in with ${newEmail}`)).toBeVisible();

  const [notice] = await waitForMail(oldEmail, { subject: /email address was changed/ });
  expect(notice.text).toContain(`from ${oldEmail} to ${newEmail}`);
  await laptopPage.goto("/account");
  await expect(laptopPage.getByTestId("account-email")).toHaveText(newEmail);
  await phonePage.goto("/account");
  await expect(phonePage).toHaveURL(/\/signin/);
  expect((await latestAttemptFor(oldEmail))?.status).toBe("SUPERSEDED");
  expect((await userEvents(newEmail)).map((event) => event.type)).toEqual(
    expect.arrayContaining(["email.change_requested", "email.changed", "session.revoked"]),
  );

  // The confirmation link works once.
  await laptopPage.goto(confirmLink);
  await laptopPage.getByRole("button", { name: "Confirm new address" }).click();
  await expect(laptopPage.getByText("This link was already used.")).toBeVisible();

  // "This wasn't me": one click from the old inbox, from any browser, restores it and ends every session.
  const stranger = await newDevice(browser);
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(linkIn(notice.text, "/account/email/revert"));
  await strangerPage.getByRole("button", { name: "Undo the change" }).click();
  await expect(strangerPage.getByText(`Your address is ${oldEmail} again`)).toBeVisible();
  await laptopPage.goto("/account");
  await expect(laptopPage).toHaveURL(/\/signin/);
  expect((await userEvents(oldEmail)).map((event) => event.type)).toContain("email.change_reverted");
  await Promise.all([laptop.close(), phone.close(), pending.close(), stranger.close()]);
});

test("undo on an account with an authenticator app: the old mailbox alone is not enough, the app's code is", async ({ browser }) => {
  const oldEmail = uniqueEmail("revert-totp-old");
  const newEmail = uniqueEmail("revert-totp-new");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, oldEmail);
  const secret = await enrolAuthenticatorApp(laptopPage);

  // Setting up the app was a fresh proof: the change goes through without another code.
  await laptopPage.goto("/account/email");
  await laptopPage.getByLabel("New email address").fill(newEmail);
  await laptopPage.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(laptopPage.getByText("Check the new inbox")).toBeVisible();
  const [confirmation] = await waitForMail(newEmail, { subject: /Confirm your new email address/ });
  await laptopPage.goto(linkIn(confirmation.text, "/account/email/confirm"));
  await laptopPage.getByRole("button", { name: "Confirm new address" }).click();
  await expect(laptopPage.getByText(`you now sign in with ${newEmail}`)).toBeVisible();

  // Whoever holds the old inbox opens the undo link in a browser with no session.
  const [notice] = await waitForMail(oldEmail, { subject: /email address was changed/ });
  const inbox = await newDevice(browser);
  const inboxPage = await inbox.newPage();
  await inboxPage.goto(linkIn(notice.text, "/account/email/revert"));
  await inboxPage.getByRole("button", { name: "Undo the change" }).click();
  await expect(inboxPage.getByText(/protected by a passkey or an authenticator app/)).toBeVisible();
  await inboxPage.getByLabel("Authenticator app code or recovery code").fill(await totpCodeNotNear(secret));
  await inboxPage.getByRole("button", { name: "Undo the change" }).click();
  await expect(inboxPage.getByText(/That code is not right/)).toBeVisible();
  const { rows } = await e2eDatabase().query('SELECT email FROM "User" WHERE email = $1', [newEmail]);
  expect(rows).toHaveLength(1);

  // The owner, with the app, undoes it.
  await inboxPage.getByLabel("Authenticator app code or recovery code").fill(await totpCode(secret, Date.now() + 30_000));
  await inboxPage.getByRole("button", { name: "Undo the change" }).click();
  await expect(inboxPage.getByText(`Your address is ${oldEmail} again`)).toBeVisible();
  const reverted = (await userEvents(oldEmail)).find((event) => event.type === "email.change_reverted");
  expect(reverted?.details).toMatchObject({ provenWith: "totp" });
  await Promise.all([laptop.close(), inbox.close()]);
});
