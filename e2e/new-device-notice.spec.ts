import { expect, test } from "@playwright/test";
import { e2eDatabase, sessionCountFor } from "./support/database";
import { mailTo, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, signIn, signInAgain, uniqueEmail } from "./support/people";

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const NOTICE_SUBJECT = /^New sign-in to Acme from /;

function secureLinkIn(text: string): string {
  const match = /(https?:\/\/[^\s"<>]+\/secure-account\?notice=[a-z0-9]+#[A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`No "this wasn't me" link in: ${text}`);
  return match[1];
}

async function accountState(email: string) {
  const db = e2eDatabase();
  const {
    rows: [user],
  } = await db.query('SELECT id, "lockedAt", "lockReason" FROM "User" WHERE email = $1', [email]);
  const { rows: notices } = await db.query(
    'SELECT id, "usedAt", "deviceLabel", network, reason FROM "SignInNotice" WHERE "userId" = $1 ORDER BY "signedInAt"',
    [user.id],
  );
  return {
    user: user as { id: string; lockedAt: Date | null; lockReason: string | null },
    notices,
    sessions: await sessionCountFor(email),
  };
}

async function attemptsFor(email: string) {
  const { rows } = await e2eDatabase().query('SELECT id, status FROM "LoginAttempt" WHERE email = $1 ORDER BY "requestedAt"', [email]);
  return rows as Array<{ id: string; status: string }>;
}

async function userEvents(userId: string) {
  const { rows } = await e2eDatabase().query('SELECT type, outcome, reason, details FROM "AuditEvent" WHERE "userId" = $1 ORDER BY seq', [
    userId,
  ]);
  return rows as Array<{ type: string; outcome: string; reason: string | null; details: Record<string, unknown> }>;
}

test('a sign-in from a new browser notifies the owner; "this wasn\'t me" ends every session, cancels open links, locks sign-in, once', async ({
  browser,
}) => {
  // The whole story in one test (nine browsers, two emails, the lock and its replay): about 45 s
  // on an idle machine, and past the default 2 minutes with one of two cores taken.
  test.setTimeout(240_000);
  const email = uniqueEmail("new-device");
  // Browser A: the account's first sign-in. Nothing to notify.
  const laptop = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email);
  expect((await accountState(email)).notices).toEqual([]);

  // Browser B, elsewhere: the owner hears about it, with B's browser, network and time.
  const intruder = await newDevice(browser, { userAgent: FIREFOX_ON_WINDOWS, ip: "203.0.113.57" });
  const intruderPage = await intruder.newPage();
  await signInAgain(intruderPage, email);
  const [notice] = await waitForMail(email, { subject: NOTICE_SUBJECT });
  expect(notice.subject).toBe("New sign-in to Acme from Firefox on Windows");
  expect(notice.text).toMatch(
    /signed in to from Firefox on Windows, network 203\.0\.113\.0\/24, on \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC\./,
  );
  expect(notice.text).not.toContain("203.0.113.57");
  expect(mailTo(email).filter((message) => NOTICE_SUBJECT.test(message.subject))).toHaveLength(1);
  const secureLink = secureLinkIn(notice.text);

  // A sign-in link requested before the report, still open.
  const waiting = await newDevice(browser);
  await requestLink(await waiting.newPage(), email);
  const openAttempt = (await attemptsFor(email)).at(-1)!;
  expect(openAttempt.status).toBe("PENDING");

  // A mail scanner, and the owner's browser merely opening the page: nothing changes.
  const owner = await newDevice(browser);
  expect((await owner.request.get(secureLink)).status()).toBe(200);
  const ownerPage = await owner.newPage();
  await ownerPage.goto(secureLink);
  await expect(ownerPage.getByRole("button", { name: "Sign out everywhere and lock my account" })).toBeEnabled();
  await expect(ownerPage).toHaveURL(/\/secure-account\?notice=[a-z0-9]+$/);
  const untouched = await accountState(email);
  expect(untouched.sessions).toBe(2);
  expect(untouched.user.lockedAt).toBeNull();
  expect(untouched.notices.map((row) => row.usedAt)).toEqual([null]);
  expect((await attemptsFor(email)).at(-1)!.status).toBe("PENDING");

  // A tampered secret, and a genuine secret under another notice's id, are refused and change nothing.
  const [base, secret] = secureLink.split("#");
  const tampered = await (await newDevice(browser)).newPage();
  await tampered.goto(`${base}#${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`);
  await tampered.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(tampered.getByText("This link is not valid.")).toBeVisible();
  await tampered.goto(`${base.replace(/notice=[a-z0-9]+/, "notice=cm0000000000000000000000")}#${secret}`);
  await tampered.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(tampered.getByText("This link is not valid.")).toBeVisible();
  expect((await accountState(email)).user.lockedAt).toBeNull();
  expect((await accountState(email)).sessions).toBe(2);

  // The deliberate click, in a browser with no session.
  await ownerPage.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(ownerPage.getByText("Your account is locked")).toBeVisible();
  const locked = await accountState(email);
  expect(locked.sessions).toBe(0);
  expect(locked.user.lockedAt).not.toBeNull();
  expect(locked.user.lockReason).toBe("the owner reported a sign-in they did not make");
  expect(locked.notices[0].usedAt).not.toBeNull();
  expect((await attemptsFor(email)).find((attempt) => attempt.id === openAttempt.id)?.status).toBe("LOCKED");
  for (const page of [laptopPage, intruderPage]) {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);
  }

  // Audited and alerted.
  const events = await userEvents(locked.user.id);
  const lockEvent = events.find((event) => event.type === "account.locked" && event.outcome === "success");
  expect(lockEvent?.details).toMatchObject({
    noticeId: locked.notices[0].id,
    reportedDevice: "Firefox on Windows",
    sessionsEnded: 2,
    attemptsStopped: 1,
  });
  expect(events.filter((event) => event.type === "session.revoked")).toHaveLength(2);
  expect(events.filter((event) => event.type === "attempt.cancelled")).toHaveLength(1);
  const { rows: alerts } = await e2eDatabase().query('SELECT kind, severity FROM "Alert" WHERE "userId" = $1', [locked.user.id]);
  expect(alerts).toEqual([{ kind: "owner-reported-sign-in", severity: "HIGH" }]);

  // Sign-in is locked: the same answer as for any address, and no link is issued.
  const attemptsBefore = (await attemptsFor(email)).length;
  const later = await newDevice(browser);
  await requestLink(await later.newPage(), email);
  expect(await attemptsFor(email)).toHaveLength(attemptsBefore);

  // The link works once.
  const replay = await (await newDevice(browser)).newPage();
  await replay.goto(secureLink);
  await replay.getByRole("button", { name: "Sign out everywhere and lock my account" }).click();
  await expect(replay.getByText("This link was already used")).toBeVisible();
  const replayed = (await userEvents(locked.user.id)).filter((event) => event.type === "account.locked");
  expect(replayed.map((event) => [event.outcome, event.reason])).toEqual([
    ["success", "the owner reported a sign-in they did not make"],
    ["failure", "secure-account link already-used"],
  ]);
  await Promise.all([
    laptop.close(),
    intruder.close(),
    waiting.close(),
    owner.close(),
    later.close(),
    tampered.context().close(),
    replay.context().close(),
  ]);
});

test("signing in again from a browser that signed in before sends no notice", async ({ browser }) => {
  const email = uniqueEmail("known-device");
  const laptop = await newDevice(browser);
  await signIn(await laptop.newPage(), email);
  const phone = await newDevice(browser);
  const phonePage = await phone.newPage();
  await signInAgain(phonePage, email);
  await waitForMail(email, { subject: NOTICE_SUBJECT });
  // The phone signs out and in again: it is known now.
  await phone.clearCookies({ name: /session/ });
  await signInAgain(phonePage, email);
  const { notices, sessions } = await accountState(email);
  expect(sessions).toBe(3);
  expect(notices.map((row) => row.reason)).toEqual(["new-device"]);
  await Promise.all([laptop.close(), phone.close()]);
});
