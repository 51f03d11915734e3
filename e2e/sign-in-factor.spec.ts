import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { authJsSessionIn, newDevice, requestLink, signIn, signInAgain, uniqueEmail } from "./support/people";
import { postServerAction } from "./support/server-actions";
import { enrolAuthenticatorApp, totpCode, totpCodeNotNear } from "./support/totp";

const SIGN_IN_STEP_UP = /\/step-up\?policy=account\.signIn&returnTo=%2Faccount/;

async function eventsOf(email: string, type: string) {
  const { rows } = await e2eDatabase().query(
    'SELECT e.reason, e.details FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = $2 ORDER BY e.seq',
    [email, type],
  );
  return rows as Array<{ reason: string | null; details: Record<string, unknown> }>;
}

async function countOf(sql: string, email: string): Promise<number> {
  const { rows } = await e2eDatabase().query(sql, [email]);
  return rows[0].n as number;
}
const totpFactors = (email: string) =>
  countOf(
    'SELECT count(*)::int AS n FROM "TotpFactor" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1 AND t."confirmedAt" IS NOT NULL',
    email,
  );
const sessionsOf = (email: string) =>
  countOf('SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1', email);

/** The app spends each time step once; forget which were spent, as if the clock had run on to a fresh one. */
async function forgetSpentTotpSteps(email: string) {
  await e2eDatabase().query('UPDATE "TotpFactor" t SET "lastUsedStep" = NULL FROM "User" u WHERE u.id = t."userId" AND u.email = $1', [
    email,
  ]);
}

/** Opens the newest sign-in email's link in `page`, as a person clicking it in this browser. */
async function openNewestLink(page: Page, email: string, signInEmailsBefore: number) {
  await requestLink(page, email);
  const [newest] = await waitForMail(email, { count: signInEmailsBefore + 1, subject: /^Sign in to / });
  await page.goto(signInLinkFrom(newest));
}

/** Setting the app up spent the current time step: the next code is the one a person types next. */
async function confirmWithTotp(page: Page, secret: string, at = Date.now() + 30_000) {
  await expect(page.getByTestId("step-up")).toBeVisible();
  await page.getByLabel("Code from your authenticator app").fill(await totpCode(secret, at));
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

test("an account with TOTP: a link in a new browser is no session until the TOTP step; then that browser is recognised, until the owner forgets it", async ({
  browser,
  baseURL,
}) => {
  test.slow(); // Four sign-ins, an enrolment and two factor steps on a shared machine.
  const email = uniqueEmail("factor-signin");
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  laptopPage.on("dialog", (dialog) => void dialog.accept());
  await signIn(laptopPage, email);
  const secret = await enrolAuthenticatorApp(laptopPage);

  // Whoever reads the mailbox opens a fresh link in a browser the owner never used.
  const stranger = await newDevice(browser);
  const strangerPage = await stranger.newPage();
  await openNewestLink(strangerPage, email, 1);
  await expect(strangerPage).toHaveURL(SIGN_IN_STEP_UP);
  await expect(strangerPage.getByTestId("step-up")).toHaveAttribute("data-reason", "no-proof");
  expect((await eventsOf(email, "session.created")).at(-1)?.details).toMatchObject({ factorRequired: true, factorRule: "new-device" });

  // Pages: every one leads back to the factor.
  for (const path of [
    "/account",
    "/account/security",
    "/account/email",
    "/step-up?policy=account.manageFactors&returnTo=/account/security",
  ]) {
    await strangerPage.goto(path);
    await expect(strangerPage).toHaveURL(/\/step-up\?policy=account\.signIn/);
  }
  // Route handlers: Auth.js sees no session (asked from a copy of the cookies: its answer also
  // drops the cookie); a factor route refuses and points to the sign-in step-up.
  expect(await authJsSessionIn(browser, stranger)).toBeNull();
  const options = await stranger.request.post("/api/passkeys/registration/options", { headers: { Origin: baseURL! } });
  expect(options.status()).toBe(403);
  expect(await options.json()).toMatchObject({ code: "step-up-required", stepUpUrl: expect.stringContaining("policy=account.signIn") });
  // Server actions posted directly, as a script would: factor management and signing the owner out.
  for (const name of ["removeTotpAction", "startTotpEnrolmentAction", "finishTotpEnrolmentAction"]) {
    const answer = await postServerAction(stranger, "/account/security", { name, file: "account/security/actions.ts" }, [], baseURL!);
    expect(answer).toContain('"code":"step-up-required"');
    expect(answer).toContain("policy=account.signIn");
  }
  const renamed = await postServerAction(
    stranger,
    "/account/security",
    { name: "renamePasskeyAction", file: "account/security/actions.ts" },
    [{ passkeyId: "x", name: "mine" }],
    baseURL!,
  );
  expect(renamed).toContain('"code":"step-up-required"');
  await postServerAction(stranger, "/account", { name: "revokeOtherSessionsAction", file: "account/session-actions.ts" }, [], baseURL!);
  expect(await totpFactors(email)).toBe(1);
  expect(await sessionsOf(email)).toBe(2);
  await laptopPage.goto("/account");
  await expect(laptopPage.getByTestId("account-email")).toHaveText(email);

  // The owner, on that new browser, proves the app: the session is now a session.
  await strangerPage.goto("/account");
  await expect(strangerPage).toHaveURL(SIGN_IN_STEP_UP);
  await confirmWithTotp(strangerPage, secret);
  await expect(strangerPage.getByTestId("account-email")).toHaveText(email);
  expect(await authJsSessionIn(browser, stranger)).toMatchObject({ user: { email } });
  expect((await eventsOf(email, "stepup.succeeded")).at(-1)?.details).toMatchObject({
    policy: "account.signIn",
    method: "totp",
    finishesSignIn: true,
  });

  // Next time this browser signs in by link alone.
  await strangerPage.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(strangerPage).toHaveURL(/\/signin/);
  await signInAgain(strangerPage, email);
  expect((await eventsOf(email, "session.created")).at(-1)?.details).toMatchObject({
    factorRequired: false,
    factorRule: "recognised-device",
  });

  // The security page lists both recognised browsers; forgetting this one makes it ask again.
  await strangerPage.goto("/account/security");
  await expect(strangerPage.getByTestId("recognised-device")).toHaveCount(2);
  const thisBrowser = strangerPage.getByTestId("recognised-device").filter({ hasText: "This browser" });
  await thisBrowser.getByRole("button", { name: "Forget" }).click();
  await expect(strangerPage.getByTestId("recognised-device")).toHaveCount(1);
  await expect(strangerPage.getByTestId("recognised-device").filter({ hasText: "This browser" })).toHaveCount(0);
  expect(await eventsOf(email, "device.revoked")).toHaveLength(1);

  await strangerPage.goto("/account");
  await strangerPage.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(strangerPage).toHaveURL(/\/signin/);
  await openNewestLink(strangerPage, email, 3);
  await expect(strangerPage).toHaveURL(SIGN_IN_STEP_UP);
  await forgetSpentTotpSteps(email);
  await confirmWithTotp(strangerPage, secret, Date.now());

  // The laptop, where the app was set up, was recognised all along.
  await laptopPage.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(laptopPage).toHaveURL(/\/signin/);
  await signInAgain(laptopPage, email);
  await Promise.all([laptop.close(), stranger.close()]);
});

test("a sign-in held back for its factor can still sign out, and a wrong code leaves it held back", async ({ browser }) => {
  const email = uniqueEmail("factor-signout");
  const owner = await newDevice(browser);
  const ownerPage = await owner.newPage();
  ownerPage.on("dialog", (dialog) => void dialog.accept());
  await signIn(ownerPage, email);
  const secret = await enrolAuthenticatorApp(ownerPage);

  const stranger = await newDevice(browser);
  const strangerPage = await stranger.newPage();
  await openNewestLink(strangerPage, email, 1);
  await expect(strangerPage).toHaveURL(SIGN_IN_STEP_UP);
  await strangerPage.getByLabel("Code from your authenticator app").fill(await totpCodeNotNear(secret));
  await strangerPage.getByRole("button", { name: "Confirm with code" }).click();
  await expect(strangerPage.getByText("That code is not right")).toBeVisible();
  await strangerPage.goto("/account");
  await expect(strangerPage).toHaveURL(SIGN_IN_STEP_UP);

  await strangerPage.getByTestId("step-up-sign-out").click();
  await expect(strangerPage).toHaveURL(/\/signin/);
  expect(await sessionsOf(email)).toBe(1);
  await Promise.all([owner.close(), stranger.close()]);
});
