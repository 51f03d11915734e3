import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { waitForMail } from "./support/mailbox";
import { newDevice, signIn, uniqueEmail } from "./support/people";
import { totpCode, totpCodeNotNear } from "./support/totp";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));

async function eventsOf(email: string, type: string) {
  const { rows } = await e2eDatabase().query(
    'SELECT e.reason, e.details FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = $2 ORDER BY e.seq',
    [email, type],
  );
  return rows as Array<{ reason: string | null; details: Record<string, unknown> }>;
}

/** Moves this account's step-up times into the past, as if the clock had run on. */
async function ageStepUps(email: string, stepUps: Record<string, unknown>) {
  await e2eDatabase().query('UPDATE "Session" s SET "stepUps" = $2::jsonb FROM "User" u WHERE u.id = s."userId" AND u.email = $1', [
    email,
    JSON.stringify(stepUps),
  ]);
}
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function expectStepUpPrompt(page: Page, policy: string, reason: string) {
  await expect(page).toHaveURL(new RegExp(`/step-up\\?policy=${policy.replace(".", "\\.")}`));
  await expect(page.getByTestId("step-up")).toHaveAttribute("data-reason", reason);
}

test("a passkey from Chromium's virtual authenticator steps up into /admin; the session id changes and the old cookie dies", async ({
  browser,
}) => {
  const email = uniqueEmail("stepup-passkey");
  const context = await newDevice(browser);
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(context, page);
  await signIn(page, email);

  // First enrolment right after sign-in needs no step-up: the account has no factor yet.
  await page.goto("/account/security");
  await page.getByLabel("Name for the new passkey").fill("Virtual key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row").getByText("Virtual key", { exact: true })).toBeVisible();
  expect(await authenticator.credentialCount()).toBe(1);
  const added = (await waitForMail(email, { subject: /passkey was added/ }))[0];
  expect(added.text).toContain("Virtual key");
  // Registering with user verification was itself a proof; let it lapse, and make the account an admin.
  await ageStepUps(email, {});
  await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [email]);

  // A magic-link session (even with a passkey enrolled) is asked to step up for the console.
  const before = await sessionCookie(context);
  await page.goto("/admin");
  await expectStepUpPrompt(page, "admin.access", "no-proof");
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("admin-email")).toHaveText(email);

  const after = await sessionCookie(context);
  expect(after?.value).toBeTruthy();
  expect(after?.value).not.toBe(before?.value);
  // One proof from registering the passkey, one from the step-up into the console.
  expect((await eventsOf(email, "stepup.succeeded")).map((event) => event.details.policy)).toEqual([
    "account.manageFactors",
    "admin.access",
  ]);
  expect((await eventsOf(email, "stepup.required")).map((event) => event.details.policy)).toContain("admin.access");

  // The pre-step-up cookie, replayed elsewhere, is no session at all.
  const replay = await newDevice(browser);
  await replay.addCookies([{ ...before!, sameSite: "Lax" }]);
  const replayPage = await replay.newPage();
  await replayPage.goto("/account");
  await expect(replayPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  // The new one still works where it lives.
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByTestId("current-session")).toContainText("passkey");
  await replay.close();
  await context.close();
});

test("TOTP: enrol with a code computed here, step up with the next one, and a stale or idle proof is asked again", async ({ browser }) => {
  const email = uniqueEmail("stepup-totp");
  const context = await newDevice(browser);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, email);

  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toHaveAttribute("src", /^data:image\/png;base64,/);
  await page.getByLabel("6-digit code").fill(await totpCodeNotNear(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await page.getByLabel("6-digit code").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((code) => code.trim());
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("totp-status")).toContainText("10 of 10 recovery codes left");
  await waitForMail(email, { subject: /authenticator app was added/ });

  // The right code that turned the app on was itself a fresh proof: nothing is asked right after.
  await page.goto("/step-up?policy=admin.access&returnTo=/account");
  await expect(page).toHaveURL(/\/account$/);

  // Once that proof has lapsed, admin access asks again. A wrong code is refused and recorded.
  await ageStepUps(email, {});
  await page.goto("/step-up?policy=admin.access&returnTo=/account");
  await expectStepUpPrompt(page, "admin.access", "no-proof");
  await page.getByLabel("Code from your authenticator app").fill(await totpCodeNotNear(secret));
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  expect((await eventsOf(email, "stepup.failed")).map((event) => event.reason)).toEqual(["wrong code"]);

  // The enrolment used this time step; the next one is what the app shows next.
  const nextCode = await totpCode(secret, Date.now() + 30_000);
  await page.getByLabel("Code from your authenticator app").fill(nextCode);
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/step-up?policy=admin.access&returnTo=/account/security");
  await expect(page).toHaveURL(/\/account\/security$/);

  // Twelve hours on, the proof has lapsed; and the same code is never accepted twice.
  await ageStepUps(email, { totp: minutesAgo(12 * 60 + 1) });
  await page.goto("/step-up?policy=admin.access&returnTo=/account");
  await expectStepUpPrompt(page, "admin.access", "proof-expired");
  await page.getByLabel("Code from your authenticator app").fill(nextCode);
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();

  // Recent proof but 30 minutes without admin use: asked again. A recovery code works, once.
  await ageStepUps(email, { totp: minutesAgo(45), lastUsed: { "admin.access": minutesAgo(31) } });
  await page.goto("/step-up?policy=admin.access&returnTo=/account");
  await expectStepUpPrompt(page, "admin.access", "idle");
  await page.getByText("Lost your phone? Use a recovery code").click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0].toUpperCase());
  await page.getByRole("button", { name: "Use recovery code" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("factor-summary")).toContainText("9");
  await waitForMail(email, { subject: /recovery code was used/ });
  expect(await eventsOf(email, "factor.recovery_used")).toHaveLength(1);

  await ageStepUps(email, {});
  await page.goto("/step-up?policy=admin.access&returnTo=/account");
  await page.getByText("Lost your phone? Use a recovery code").click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Use recovery code" }).click();
  await expect(page).toHaveURL(/error=wrong-code/);
  await context.close();
});
