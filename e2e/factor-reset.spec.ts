import { expect, test, type Browser, type Page } from "@playwright/test";
import { steppedUpAdmin } from "./support/admin";
import { e2eDatabase, sessionCountFor } from "./support/database";
import { mailTo, waitForMail } from "./support/mailbox";
import { newDevice, signIn, uniqueEmail } from "./support/people";
import { postServerAction } from "./support/server-actions";
import { enrolAuthenticatorApp } from "./support/totp";

/**
 * Recovery without a back door: an administrator's reset of an owner's factors waits out its
 * window (FACTOR_RESET_DELAY_HOURS), during which the owner's one-use link cancels it. "The
 * window passes" by moving effectiveAt into the past; the web-mode job runner of the e2e
 * instances completes due resets within a minute (the complete-factor-resets schedule).
 */
const REQUESTED_SUBJECT = /will be reset on /;
const COMPLETED_SUBJECT = /sign-in factors were reset$/;
const CANCEL_BUTTON = "Cancel the reset";

function cancelLinkIn(text: string): string {
  const match = /(https?:\/\/[^\s"<>]+\/factor-reset\?reset=[a-z0-9]+#[A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`No cancel link in: ${text}`);
  return match[1];
}

/** A person with an authenticator app (and its recovery codes), signed in in their own browser. */
async function ownerWithTotp(browser: Browser, label: string) {
  const email = uniqueEmail(label);
  const context = await newDevice(browser);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, email);
  await enrolAuthenticatorApp(page);
  const {
    rows: [user],
  } = await e2eDatabase().query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [email]);
  return { email, id: user.id, context, page };
}

async function factorRows(userId: string) {
  const db = e2eDatabase();
  const count = async (sql: string) => Number((await db.query(sql, [userId])).rows[0].n);
  return {
    totp: await count('SELECT count(*) AS n FROM "TotpFactor" WHERE "userId" = $1'),
    recoveryCodes: await count('SELECT count(*) AS n FROM "RecoveryCode" WHERE "userId" = $1'),
  };
}

async function resetsOf(userId: string) {
  const { rows } = await e2eDatabase().query<{
    id: string;
    cancelledAt: Date | null;
    cancelledBy: string | null;
    completedAt: Date | null;
    effectiveAt: Date;
  }>(
    'SELECT id, "cancelledAt", "cancelledBy", "completedAt", "effectiveAt" FROM "FactorReset" WHERE "userId" = $1 ORDER BY "requestedAt"',
    [userId],
  );
  return rows;
}

async function eventsOf(userId: string) {
  const { rows } = await e2eDatabase().query<{ type: string; outcome: string; reason: string | null }>(
    'SELECT type, outcome, reason FROM "AuditEvent" WHERE "userId" = $1 ORDER BY seq',
    [userId],
  );
  return rows;
}

async function requestReset(adminPage: Page, userId: string, reason: string) {
  await adminPage.goto(`/admin/users/${userId}`);
  const form = adminPage.getByTestId("request-factor-reset");
  await form.getByLabel(/How you checked it is the owner/).fill(reason);
  await form.getByRole("button", { name: "Reset factors" }).click();
  // The page refreshes: the form gives way to the pending reset.
  await expect(adminPage.getByTestId("pending-factor-reset")).toBeVisible();
}

async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}x${height}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an admin's factor reset waits out its window; the owner's link cancels it once; an admin without a fresh step-up cannot ask for one", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const admin = await steppedUpAdmin(browser);
  const lost = await ownerWithTotp(browser, "reset-lost");
  const wary = await ownerWithTotp(browser, "reset-wary");
  const before = await factorRows(lost.id);
  expect(before.totp).toBe(1);
  expect(before.recoveryCodes).toBeGreaterThan(0);

  // The admin asks, for both owners; the panel then shows the pending reset and its countdown.
  await admin.page.goto(`/admin/users/${lost.id}`);
  await screenshots(admin.page, "admin-reset-form");
  await requestReset(admin.page, lost.id, "Owner phoned from the number on file, lost phone");
  const pending = admin.page.getByTestId("pending-factor-reset");
  await expect(pending).toContainText(/Takes effect \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d UTC \(in 2[34] h( \d+ min)?\)/);
  await expect(pending).toContainText(admin.email);
  await screenshots(admin.page, "admin-reset-pending");
  await requestReset(admin.page, wary.id, "Ticket 4411, caller says they lost their phone");

  // While one is pending the panel offers no second reset (the database allows one pending per account).
  await expect(admin.page.getByTestId("request-factor-reset")).toHaveCount(0);

  // Each owner is told who asked, why, and when it takes effect, with a cancel link.
  const [notice] = await waitForMail(lost.email, { subject: REQUESTED_SUBJECT });
  expect(notice.subject).toMatch(/^Your Acme passkeys and authenticator app will be reset on \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/);
  expect(notice.text).toContain(`administrator ${admin.email} asked to remove every passkey, authenticator app and recovery code`);
  expect(notice.text).toContain("Owner phoned from the number on file, lost phone");
  const [waryNotice] = await waitForMail(wary.email, { subject: REQUESTED_SUBJECT });
  const waryLink = cancelLinkIn(waryNotice.text);

  // Other administrators are alerted; the requester is not mailed about their own action.
  const { rows: alerts } = await e2eDatabase().query(
    `SELECT kind, severity FROM "Alert" WHERE "userId" = $1 AND kind LIKE 'factor-reset%'`,
    [lost.id],
  );
  expect(alerts).toEqual([{ kind: "factor-reset-requested", severity: "HIGH" }]);
  expect(mailTo(admin.email).filter((message) => /asked to reset every factor/.test(message.subject))).toHaveLength(0);

  // Before the window passes, nothing changes.
  expect(await factorRows(lost.id)).toEqual(before);
  expect((await resetsOf(lost.id))[0]).toMatchObject({ cancelledAt: null, completedAt: null });

  // The wary owner's link: a scanner's GET and merely opening the page change nothing.
  const scanner = await newDevice(browser);
  expect((await scanner.request.get(waryLink)).status()).toBe(200);
  const ownerBrowser = await newDevice(browser);
  const cancelPage = await ownerBrowser.newPage();
  await cancelPage.goto(waryLink);
  await expect(cancelPage.getByRole("button", { name: CANCEL_BUTTON })).toBeEnabled();
  await expect(cancelPage).toHaveURL(/\/factor-reset\?reset=[a-z0-9]+$/);
  await screenshots(cancelPage, "owner-cancel-page");
  expect((await resetsOf(wary.id))[0]).toMatchObject({ cancelledAt: null, completedAt: null });

  // A tampered secret, and the secret under another reset's id, are refused.
  const [base, secret] = waryLink.split("#");
  const attacker = await (await newDevice(browser)).newPage();
  await attacker.goto(`${base}#${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`);
  await attacker.getByRole("button", { name: CANCEL_BUTTON }).click();
  await expect(attacker.getByText("This link is not valid.")).toBeVisible();
  const lostResetId = (await resetsOf(lost.id))[0].id;
  await attacker.goto(`${base.replace(/reset=[a-z0-9]+/, `reset=${lostResetId}`)}#${secret}`);
  await attacker.getByRole("button", { name: CANCEL_BUTTON }).click();
  await expect(attacker.getByText("This link is not valid.")).toBeVisible();
  expect((await resetsOf(lost.id))[0].cancelledAt).toBeNull();
  expect((await resetsOf(wary.id))[0].cancelledAt).toBeNull();

  // The deliberate click, with no session, cancels; a replay is refused.
  await cancelPage.getByRole("button", { name: CANCEL_BUTTON }).click();
  await expect(cancelPage.getByText("Reset cancelled")).toBeVisible();
  await screenshots(cancelPage, "owner-cancel-done");
  expect((await resetsOf(wary.id))[0]).toMatchObject({ cancelledBy: "owner", completedAt: null });
  const replay = await (await newDevice(browser)).newPage();
  await replay.goto(waryLink);
  await replay.getByRole("button", { name: CANCEL_BUTTON }).click();
  await expect(replay.getByText("This reset was already cancelled")).toBeVisible();
  await waitForMail(wary.email, { subject: /was cancelled$/ });

  // The window passes for both; the job completes the one still pending, and only that one.
  await e2eDatabase().query(`UPDATE "FactorReset" SET "effectiveAt" = now() - interval '1 minute' WHERE "userId" = ANY($1)`, [
    [lost.id, wary.id],
  ]);
  // Queue the job as the minute's schedule would (a waiting one already there is enough), so the
  // spec waits for the job's outcome, not for the clock to reach the next schedule.
  await e2eDatabase().query(`INSERT INTO pgboss.job (name, data) VALUES ('complete-factor-resets', '{}'::jsonb) ON CONFLICT DO NOTHING`);
  await expect.poll(async () => (await resetsOf(lost.id))[0].completedAt, { timeout: 100_000, intervals: [1_000] }).not.toBeNull();
  expect(await factorRows(lost.id)).toEqual({ totp: 0, recoveryCodes: 0 });
  expect(await sessionCountFor(lost.email)).toBe(0);
  const lostEvents = await eventsOf(lost.id);
  expect(lostEvents.map((event) => event.type)).toEqual(
    expect.arrayContaining(["factor.reset_requested", "factor.reset_completed", "session.revoked"]),
  );
  const [done] = await waitForMail(lost.email, { subject: COMPLETED_SUBJECT });
  expect(done.text).toMatch(/we removed your authenticator app and \d+ recovery codes? from your Acme account and signed out 1 session/);
  await lost.page.goto("/account");
  await expect(lost.page).toHaveURL(/\/signin/);

  // The cancelled reset never completed, even though its window passed before that job ran.
  expect((await resetsOf(wary.id))[0]).toMatchObject({ completedAt: null, cancelledBy: "owner" });
  expect(await factorRows(wary.id)).toEqual(before);
  expect((await eventsOf(wary.id)).map((event) => event.type)).not.toContain("factor.reset_completed");

  // Any administrator can cancel a pending reset from the user page.
  await requestReset(admin.page, wary.id, "Owner called back, asked again for a reset");
  await admin.page.getByTestId("cancel-factor-reset").getByRole("button", { name: "Cancel the reset" }).click();
  await expect(admin.page.getByTestId("request-factor-reset")).toBeVisible();
  expect((await resetsOf(wary.id)).map((reset) => reset.cancelledBy)).toEqual(["owner", "admin"]);

  // An administrator whose step-up lapsed: the page asks for a step-up, and the action posted directly is refused.
  await e2eDatabase().query(`UPDATE "Session" s SET "stepUps" = '{}'::jsonb FROM "User" u WHERE u.id = s."userId" AND u.email = $1`, [
    admin.email,
  ]);
  const refused = await postServerAction(
    admin.context,
    `/admin/users/${wary.id}`,
    { name: "requestFactorResetAction", file: "admin/users/actions.ts" },
    [null, { userId: wary.id, reason: "no step-up behind this request" }],
    baseURL!,
  );
  expect(refused).toContain("step-up-required");
  expect(await resetsOf(wary.id)).toHaveLength(2);
  await admin.page.goto(`/admin/users/${wary.id}`);
  await expect(admin.page).toHaveURL(/\/step-up\?policy=admin.access/);

  await Promise.all(
    [admin.context, lost.context, wary.context, scanner, ownerBrowser, attacker.context(), replay.context()].map((context) =>
      context.close(),
    ),
  );
});
