import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase, sessionCountFor } from "./support/database";
import { instanceUrl } from "../test/support/e2e-instances";
import { mailTo, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, signIn, signInAgain, uniqueEmail, uniqueIp } from "./support/people";
import { enrolAuthenticatorApp, totpCode, totpCodeNotNear } from "./support/totp";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

/**
 * The owner lifts the lock their own "this wasn't me" click set, at /secure-account/recover,
 * with a factor and without a session; an administrator's lock stays theirs; the email + code
 * form is a guess like any step-up code, on the same budgets, with one answer for everyone.
 */
const ORIGIN = instanceUrl("approve");
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const OWNER_LOCK = "the owner reported a sign-in they did not make";
const CHECKED =
  /^If that account was locked from a “this wasn’t me” link and the code is right, it is unlocked now and we have emailed its owner\./;
const UNLOCKED_SUBJECT = "Your Acme account was unlocked";

async function accountOf(email: string) {
  const { rows } = await e2eDatabase().query('SELECT id, "lockedAt", "lockReason" FROM "User" WHERE email = $1', [email]);
  return rows[0] as { id: string; lockedAt: Date | null; lockReason: string | null };
}

async function unlockEvents(userId: string) {
  const { rows } = await e2eDatabase().query(
    `SELECT outcome, reason, details FROM "AuditEvent" WHERE "userId" = $1 AND type = 'account.unlocked' ORDER BY seq`,
    [userId],
  );
  return rows as Array<{ outcome: string; reason: string | null; details: Record<string, unknown> }>;
}

async function unlockAlerts(userId: string) {
  const { rows } = await e2eDatabase().query(`SELECT severity FROM "Alert" WHERE "userId" = $1 AND kind = 'owner-unlocked-account'`, [
    userId,
  ]);
  return rows as Array<{ severity: string }>;
}

/** Someone signs in from a browser the account has not seen: the owner gets a notice; returns its "this wasn't me" link. */
async function intruderSignsIn(browser: Browser, email: string): Promise<string> {
  const intruder = await newDevice(browser, { userAgent: FIREFOX_ON_WINDOWS });
  await signInAgain(await intruder.newPage(), email);
  await intruder.close();
  const [notice] = await waitForMail(email, { subject: /^New sign-in to Acme from / });
  return /(https?:\/\/[^\s"<>]+\/secure-account\?notice=[a-z0-9]+#[A-Za-z0-9_-]{43})/.exec(notice.text)![1];
}

/** The owner clicks "this wasn't me" in a browser with no session: everything is signed out and sign-in locked. */
async function ownerLocks(browser: Browser, email: string, secureLink: string): Promise<void> {
  const owner = await newDevice(browser);
  const page = await owner.newPage();
  await page.goto(secureLink);
  await page.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(page.getByText("Your account is locked")).toBeVisible();
  // The locked page points the owner at the recovery page.
  await expect(page.getByRole("link", { name: "unlock your account" })).toHaveAttribute("href", "/secure-account/recover");
  expect((await accountOf(email)).lockReason).toBe(OWNER_LOCK);
  expect(await sessionCountFor(email)).toBe(0);
  // The owner is told what happened, with the way back: a page that needs a factor.
  const [locked] = await waitForMail(email, { subject: /^Your Acme account is locked$/ });
  expect(locked.text).toContain(`${ORIGIN}/secure-account/recover`);
  await owner.close();
}

async function attemptCount(email: string): Promise<number> {
  const { rows } = await e2eDatabase().query('SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1', [email]);
  return rows[0].n as number;
}

/** The page at a desktop's and a phone's width, for people to look at; nothing may overflow the phone's. */
async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}x${height}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The recovery form's code answer, posted as the page does. */
async function postCode(context: BrowserContext, email: string, code: string) {
  const response = await context.request.post(`${ORIGIN}/api/secure-account/recover/code`, {
    data: { email, code },
    headers: { Origin: ORIGIN },
  });
  return { status: response.status(), body: (await response.json()) as { ok: boolean; code?: string; message: string } };
}

test('the owner locks with "this wasn\'t me", then unlocks with a passkey: signed in again, audited, admins alerted, owner told', async ({
  browser,
}) => {
  const email = uniqueEmail("unlock-passkey");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  const authenticator = await addVirtualAuthenticator(laptop, laptopPage);
  await signIn(laptopPage, email);
  const secureLink = await intruderSignsIn(browser, email);
  // The owner's passkey, added before the lock: the factor they recover with.
  await laptopPage.goto("/account/security");
  await laptopPage.getByLabel("Name for the new passkey").fill("Laptop");
  await laptopPage.getByRole("button", { name: "Add a passkey" }).click();
  await expect(laptopPage.getByTestId("passkey-row").getByText("Laptop", { exact: true })).toBeVisible();
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId });
  await ownerLocks(browser, email, secureLink);

  // A fresh browser holding the synced passkey.
  const phone = await newDevice(browser);
  const phonePage = await phone.newPage();
  const phoneAuthenticator = await addVirtualAuthenticator(phone, phonePage);
  await phoneAuthenticator.cdp.send("WebAuthn.addCredential", {
    authenticatorId: phoneAuthenticator.authenticatorId,
    credential: credentials[0],
  });
  await phonePage.goto("/secure-account/recover");
  await expect(phonePage.getByRole("heading", { name: "Unlock your account" })).toBeVisible();
  await phonePage.getByRole("button", { name: "Unlock with a passkey" }).click();
  await expect(phonePage).toHaveURL(/\/account$/);
  await expect(phonePage.getByTestId("account-email")).toHaveText(email);

  const account = await accountOf(email);
  expect(account.lockedAt).toBeNull();
  expect((await unlockEvents(account.id)).filter((event) => event.outcome === "success").map((event) => event.details)).toEqual([
    { method: "passkey", by: "owner" },
  ]);
  expect(await unlockAlerts(account.id)).toEqual([{ severity: "ELEVATED" }]);
  const [notice] = await waitForMail(email, { subject: new RegExp(`^${UNLOCKED_SUBJECT}$`) });
  expect(notice.text).toMatch(/unlocked with your passkey on \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC, from Chrome on Linux/);
  expect(notice.text).toContain("If this wasn't you");

  // An administrator's lock: the same passkey gets the passkey sign-in's one refusal, and the lock stays.
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = now(), "lockReason" = 'fraud review' WHERE id = $1`, [account.id]);
  await phonePage.goto("/secure-account/recover");
  await phonePage.getByRole("button", { name: "Unlock with a passkey" }).click();
  await expect(phonePage.getByTestId("recover-passkey-answer")).toHaveText(
    "That passkey can't sign you in. Try another passkey, or get an email link instead.",
  );
  expect(await accountOf(email)).toMatchObject({ lockReason: "fraud review" });
  expect((await unlockEvents(account.id)).map((event) => [event.outcome, event.reason])).toEqual([
    ["success", "by the owner with a passkey"],
    ["failure", "admin-lock"],
  ]);
  await Promise.all([laptop.close(), phone.close()]);
});

test("the owner unlocks with email + authenticator code: no session is made, and sign-in (with its factor step) works again", async ({
  browser,
}) => {
  const email = uniqueEmail("unlock-totp");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  laptopPage.on("dialog", (dialog) => dialog.accept());
  await signIn(laptopPage, email);
  // The intruder signs in before the owner has a factor (afterwards a new browser would be held for it).
  const secureLink = await intruderSignsIn(browser, email);
  const secret = await enrolAuthenticatorApp(laptopPage);
  await ownerLocks(browser, email, secureLink);

  const owner = await newDevice(browser);
  const page = await owner.newPage();
  await page.goto("/secure-account/recover");
  await screenshots(page, "recover");
  await page.getByLabel("Email address").fill(email);
  // The enrolment spent the current time step: the app's next code.
  await page.getByLabel("Authenticator app code or recovery code").fill(await totpCode(secret, Date.now() + 30_000));
  await page.getByRole("button", { name: "Unlock with a code" }).click();
  await expect(page.getByTestId("recover-code-answer")).toHaveText(CHECKED);
  await screenshots(page, "recover-answered");

  const account = await accountOf(email);
  expect(account.lockedAt).toBeNull();
  expect(await sessionCountFor(email)).toBe(0);
  expect((await owner.cookies()).filter((cookie) => cookie.name.endsWith("session-token"))).toEqual([]);
  expect((await unlockEvents(account.id)).filter((event) => event.outcome === "success").map((event) => event.details)).toEqual([
    { method: "totp", by: "owner" },
  ]);
  expect(await unlockAlerts(account.id)).toEqual([{ severity: "ELEVATED" }]);
  const [unlocked] = await waitForMail(email, { subject: new RegExp(`^${UNLOCKED_SUBJECT}$`) });
  expect(unlocked.text).toContain("unlocked with a code from your authenticator app");

  // Sign-in works again; a browser it has not seen is still asked for the factor.
  await requestLink(page, email);
  const [link] = await waitForMail(email, { subject: /^Sign in to /, count: 3 });
  await page.goto(/(https?:\/\/[^\s"<>]+\/verify\/[a-z0-9]+#[A-Za-z0-9_-]+)/.exec(link.text)![1]);
  await expect(page).toHaveURL(/\/step-up\?policy=account\.signIn/);
  await Promise.all([laptop.close(), owner.close()]);
});

test("a mailbox alone unlocks nothing, and an administrator's lock is not the owner's to lift", async ({ browser }) => {
  const email = uniqueEmail("unlock-refused");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  laptopPage.on("dialog", (dialog) => dialog.accept());
  await signIn(laptopPage, email);
  const secureLink = await intruderSignsIn(browser, email);
  const secret = await enrolAuthenticatorApp(laptopPage);
  await ownerLocks(browser, email, secureLink);

  // The mailbox holder: every link in the inbox, opened and clicked again; a sign-in request; a code they can guess.
  const attacker = await newDevice(browser);
  const attackerPage = await attacker.newPage();
  for (const message of mailTo(email)) {
    for (const url of message.text.match(/https?:\/\/[^\s"<>]+/g) ?? []) await attacker.request.get(url);
  }
  await attackerPage.goto(secureLink);
  await attackerPage.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(attackerPage.getByText("This link was already used")).toBeVisible();
  const attemptsBefore = await attemptCount(email);
  await requestLink(attackerPage, email);
  expect((await postCode(attacker, email, await totpCodeNotNear(secret))).body.message).toMatch(CHECKED);
  const account = await accountOf(email);
  expect(account).toMatchObject({ lockReason: OWNER_LOCK });
  expect(account.lockedAt).not.toBeNull();
  expect(await attemptCount(email)).toBe(attemptsBefore);
  expect(await sessionCountFor(email)).toBe(0);

  // An administrator's lock: the owner's right code changes nothing, and says nothing different.
  await e2eDatabase().query(`UPDATE "User" SET "lockReason" = 'fraud review by the security team' WHERE id = $1`, [account.id]);
  const answer = await postCode(await newDevice(browser), email, await totpCode(secret, Date.now() + 30_000));
  expect(answer).toEqual({ status: 200, body: { ok: true, message: expect.stringMatching(CHECKED) } });
  expect(await accountOf(email)).toMatchObject({ lockReason: "fraud review by the security team" });
  expect((await unlockEvents(account.id)).filter((event) => event.outcome === "success")).toEqual([]);
  expect(mailTo(email).filter((message) => message.subject === UNLOCKED_SUBJECT)).toEqual([]);
  await Promise.all([laptop.close(), attacker.close()]);
});

test("20 wrong codes at once on the recovery form: at most the step-up budget is judged, the rest paused, and the right code after them too", async ({
  browser,
}) => {
  const email = uniqueEmail("unlock-guessing");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  laptopPage.on("dialog", (dialog) => dialog.accept());
  await signIn(laptopPage, email);
  const secret = await enrolAuthenticatorApp(laptopPage);
  const { id } = await accountOf(email);
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = now(), "lockReason" = $2 WHERE id = $1`, [id, OWNER_LOCK]);

  const attacker = await newDevice(browser, { ip: uniqueIp() });
  const wrong = await totpCodeNotNear(secret);
  const answers = await Promise.all(Array.from({ length: 20 }, () => postCode(attacker, email, wrong)));
  const statuses = answers.map((answer) => answer.status);
  console.log(
    `20 parallel wrong recovery codes: ${JSON.stringify(statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {}))}`,
  );
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((status) => status !== 200).every((status) => status === 429)).toBe(true);
  expect(answers.find((answer) => answer.status === 429)?.body.message).toMatch(/paused/);
  const judged = await unlockEvents(id);
  expect(judged.filter((event) => event.reason === "factor-not-proven").length).toBeLessThanOrEqual(5);

  // The owner's right code, from elsewhere, while the account's budget is spent: paused too, still locked.
  const owner = await newDevice(browser);
  expect((await postCode(owner, email, await totpCode(secret, Date.now() + 30_000))).status).toBe(429);
  expect((await accountOf(email)).lockedAt).not.toBeNull();
  await Promise.all([laptop.close(), attacker.close(), owner.close()]);
});

test("the code form answers alike for an unknown address, an unlocked account, an administrator's lock and a wrong code; bad input gets a clear 4xx", async ({
  browser,
}) => {
  const locked = uniqueEmail("unlock-same-locked");
  const unlocked = uniqueEmail("unlock-same-open");
  const adminLocked = uniqueEmail("unlock-same-admin");
  for (const email of [locked, unlocked, adminLocked]) {
    const context = await newDevice(browser);
    await signIn(await context.newPage(), email);
    await context.close();
  }
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = now(), "lockReason" = $2 WHERE email = $1`, [locked, OWNER_LOCK]);
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = now(), "lockReason" = 'fraud review' WHERE email = $1`, [adminLocked]);

  const answers = [];
  for (const email of [uniqueEmail("unlock-same-nobody"), unlocked, adminLocked, locked]) {
    const context = await newDevice(browser);
    const started = Date.now();
    answers.push({ ...(await postCode(context, email, "123456")), ms: Date.now() - started });
    await context.close();
  }
  console.log(`answer times (unknown, unlocked, admin lock, wrong code): ${answers.map((answer) => answer.ms).join(", ")} ms`);
  expect(new Set(answers.map((answer) => JSON.stringify([answer.status, answer.body])))).toHaveProperty("size", 1);
  expect(answers[0].body.message).toMatch(CHECKED);

  const context = await newDevice(browser);
  const post = (data: unknown, headers: Record<string, string> = { Origin: ORIGIN }) =>
    context.request.post(`${ORIGIN}/api/secure-account/recover/code`, { data, headers });
  const badAddress = await post({ email: "not an address", code: "123456" });
  expect(badAddress.status()).toBe(400);
  expect((await badAddress.json()).message).toMatch(/address/i);
  expect((await post({ email: locked, code: "1" })).status()).toBe(400);
  expect((await post({ email: locked })).status()).toBe(400);
  expect((await post({ email: locked, code: "123456" }, { Origin: "https://evil.example" })).status()).toBe(403);
  expect((await post({ email: locked, code: "1".repeat(5_000) })).status()).toBe(413);
  const passkeyJunk = await context.request.post(`${ORIGIN}/api/secure-account/recover/passkey`, {
    data: { response: { id: "x" } },
    headers: { Origin: ORIGIN },
  });
  expect(passkeyJunk.status()).toBe(400);
  expect((await accountOf(locked)).lockedAt).not.toBeNull();
  await context.close();
});
