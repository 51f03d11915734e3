import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { signInCodeFrom, waitForMail } from "./support/mailbox";
import { authJsSessionIn, newDevice, requestLink, signIn, uniqueEmail, uniqueIp } from "./support/people";
import { enrolAuthenticatorApp, totpCode } from "./support/totp";

async function sessionCreated(email: string) {
  const { rows } = await e2eDatabase().query(
    `SELECT e.details FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = 'session.created' ORDER BY e.seq`,
    [email],
  );
  return rows.map((row) => row.details as Record<string, unknown>);
}

/** Signs this browser out (the session row stays, as when a cookie expires) so it can sign in again. */
async function dropSessionCookie(context: BrowserContext) {
  await context.clearCookies({ name: /session-token/ });
}

/** Requests a link in `page` and signs in by typing `wrongCodes` wrong codes, then the right one. */
async function signInWithCode(page: Page, email: string, wrongCodes: number, signInEmailsBefore: number) {
  await requestLink(page, email);
  const [message] = await waitForMail(email, { count: signInEmailsBefore + 1, subject: /^Sign in to / });
  const code = signInCodeFrom(message);
  for (let index = 0; index < wrongCodes; index++) {
    await page.getByLabel("6-digit code").fill(String((Number(code) + 1 + index) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "Sign in with code" }).click();
    await expect(page.getByText(`${4 - index} tries left`)).toBeVisible();
  }
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
}

/**
 * The existing signals, as an attacker on `network` produces them: links asked for twenty-one
 * other addresses from it (spread over browsers to stay under the per-device limit); three wrong
 * codes before the right one then make the sign-in HIGH (45 + 30).
 */
async function sprayFrom(browser: Browser, network: string, origin: string) {
  for (let helper = 0; helper < 3; helper++) {
    const sprayer = await newDevice(browser, { ip: network });
    for (let index = 0; index < 7; index++) {
      const answer = await sprayer.request.post("/api/sign-in/request", {
        headers: { Origin: origin },
        data: { email: uniqueEmail(`spray-${helper}-${index}`) },
      });
      expect(answer.status()).toBe(200);
    }
    await sprayer.close();
  }
}

test("a HIGH-risk sign-in in a recognised browser must still prove the account's factor", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("risk-high-factor");
  const network = uniqueIp();
  const laptop = await newDevice(browser, { ip: network });
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email);
  const secret = await enrolAuthenticatorApp(laptopPage);

  await sprayFrom(browser, network, baseURL!);
  await dropSessionCookie(laptop);
  await signInWithCode(laptopPage, email, 3, 1);

  // Recognised browser, account with a factor: without the risk it would be in; HIGH asks for the factor.
  await expect(laptopPage).toHaveURL(/\/step-up\?policy=account\.signIn/);
  expect((await sessionCreated(email)).at(-1)).toMatchObject({ riskLevel: "HIGH", factorRequired: true, factorRule: "high-risk" });
  await laptopPage.goto("/account");
  await expect(laptopPage).toHaveURL(/\/step-up\?policy=account\.signIn/);

  await laptopPage.getByLabel("Code from your authenticator app").fill(await totpCode(secret, Date.now() + 30_000));
  await laptopPage.getByRole("button", { name: "Confirm with code" }).click();
  await expect(laptopPage).toHaveURL(/\/account$/);
  await laptop.close();
});

test("an ELEVATED sign-in from a browser that signed in before still sends the new-device notice", async ({ browser }) => {
  const email = uniqueEmail("risk-elevated");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email);
  const phone = await newDevice(browser);
  const phonePage = await phone.newPage();
  await signInWithCode(phonePage, email, 0, 1);
  await expect(phonePage).toHaveURL(/\/account$/);
  await waitForMail(email, { subject: /^New sign-in to Acme from / });

  // The phone signs in again, known now, after three wrong codes: ELEVATED, so the owner hears of it.
  await dropSessionCookie(phone);
  await signInWithCode(phonePage, email, 3, 2);
  await expect(phonePage).toHaveURL(/\/account$/);
  expect((await sessionCreated(email)).at(-1)).toMatchObject({
    riskLevel: "ELEVATED",
    factorRequired: false,
    newDeviceNotice: "risky-sign-in",
  });
  const notices = await waitForMail(email, { count: 2, subject: /^New sign-in to Acme from / });
  expect(notices).toHaveLength(2);
  await Promise.all([laptop.close(), phone.close()]);
});

test("a HIGH-risk sign-in to an account without a factor waits until a browser that signed in before approves it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("risk-high-approval");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email);

  const network = uniqueIp();
  await sprayFrom(browser, network, baseURL!);
  const intruder = await newDevice(browser, { ip: network });
  const intruderPage = await intruder.newPage();
  await signInWithCode(intruderPage, email, 3, 1);
  await expect(intruderPage).toHaveURL(/\/signin\/awaiting-approval$/);
  expect((await sessionCreated(email)).at(-1)).toMatchObject({ riskLevel: "HIGH", factorRule: "no-factor", deviceApprovalRequired: true });
  const number = (await intruderPage.getByTestId("approval-number").textContent())!.trim();
  expect(number).toMatch(/^\d{2}$/);

  // Held: no page, no Auth.js session, nothing to approve itself with.
  await intruderPage.goto("/account");
  await expect(intruderPage).toHaveURL(/\/signin\/awaiting-approval$/);
  expect(await authJsSessionIn(browser, intruder)).toBeNull();
  await expect(intruderPage.getByTestId("approval-number")).toHaveText(number);

  // The owner's laptop, signed in before, approves by typing the number (a wrong one first).
  await laptopPage.goto("/account");
  const requests = laptopPage.getByTestId("approval-requests");
  await expect(requests).toContainText("network " + network.split(".").slice(0, 3).join(".") + ".0/24");
  await requests.getByLabel("Number shown on that device").fill(String(((Number(number) - 10 + 1) % 90) + 10));
  await requests.getByRole("button", { name: "Approve" }).click();
  await expect(laptopPage.getByText("That is not the number the other browser shows.")).toBeVisible();
  expect(await authJsSessionIn(browser, intruder)).toBeNull();
  await laptopPage.getByTestId("approval-requests").getByLabel("Number shown on that device").fill(number);
  await laptopPage.getByTestId("approval-requests").getByRole("button", { name: "Approve" }).click();
  await expect(laptopPage.getByText("Approved: that browser is signed in now.")).toBeVisible();

  // The waiting page moves on by itself.
  await expect(intruderPage).toHaveURL(/\/account$/, { timeout: 15_000 });
  await expect(intruderPage.getByTestId("account-email")).toHaveText(email);
  expect(await authJsSessionIn(browser, intruder)).toMatchObject({ user: { email } });
  const { rows } = await e2eDatabase().query(
    `SELECT e.type, e.outcome FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type LIKE 'crossdevice.%' ORDER BY e.seq`,
    [email],
  );
  expect(rows).toEqual([
    { type: "crossdevice.denied", outcome: "failure" },
    { type: "crossdevice.approved", outcome: "success" },
  ]);
  await Promise.all([laptop.close(), intruder.close()]);
});
