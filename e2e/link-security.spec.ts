import { expect, test } from "@playwright/test";
import { allMail, mailTo, signInLinkFrom, waitForMail } from "./support/mailbox";
import { e2eDatabase, latestAttemptFor, sessionCountFor } from "./support/database";
import { newDevice, requestLink, uniqueEmail, uniqueIp } from "./support/people";
import { instanceUrl } from "../test/support/e2e-instances";

const ORIGIN = instanceUrl("approve");

test("50 parallel redemptions of one link give exactly one session", async ({ browser }) => {
  const email = uniqueEmail("race");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const link = new URL(signInLinkFrom((await waitForMail(email))[0]));
  const attemptId = link.pathname.split("/").pop()!;
  const token = link.hash.slice(1);

  // The same browser (its binding cookie) fires 50 POSTs at once.
  const answers = await Promise.all(
    Array.from({ length: 50 }, () =>
      context.request.post("/api/sign-in/redeem", { form: { attemptId, token }, headers: { Origin: ORIGIN }, maxRedirects: 0 }),
    ),
  );
  const locations = answers.map((answer) => answer.headers()["location"] ?? "");
  const grants = locations.filter((location) => location.includes("/api/auth/callback/"));
  expect(answers.map((answer) => answer.status())).toEqual(Array(50).fill(303));
  expect(grants).toHaveLength(1);
  expect(locations.filter((location) => location.includes("reason=already-used"))).toHaveLength(49);

  await page.goto(grants[0]);
  await expect(page).toHaveURL(/\/account$/);
  // The grant is single-use too.
  await context.request.get(grants[0], { maxRedirects: 0 });
  expect(await sessionCountFor(email)).toBe(1);
});

test("links are built from AUTH_URL: forged Host headers change nothing", async ({ request }) => {
  const email = uniqueEmail("host");
  const response = await request.post("/api/sign-in/request", {
    data: { email },
    headers: {
      Origin: ORIGIN,
      "X-Forwarded-Host": "evil.example",
      Forwarded: "host=evil.example;proto=https",
      "X-Forwarded-For": uniqueIp(),
    },
  });
  expect(response.status()).toBe(200);
  const [message] = await waitForMail(email);
  expect(signInLinkFrom(message).startsWith(`${ORIGIN}/verify/`)).toBe(true);
  expect(message.text + message.html).not.toContain("evil.example");
});

test("foreign callback URLs land on the app", async ({ browser }) => {
  for (const callbackUrl of ["https://evil.example/steal", "//evil.example", "/\\evil.example"]) {
    const email = uniqueEmail("callback");
    const context = await newDevice(browser);
    const page = await context.newPage();
    await requestLink(page, email, callbackUrl);
    await page.goto(signInLinkFrom((await waitForMail(email))[0]));
    await expect(page).toHaveURL(`${ORIGIN}/account`);
    await context.close();
  }
});

test("an allow-listed callback path is honoured", async ({ browser }) => {
  const email = uniqueEmail("callback-ok");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email, "/account?tab=sessions");
  await page.goto(signInLinkFrom((await waitForMail(email))[0]));
  await expect(page).toHaveURL(`${ORIGIN}/account?tab=sessions`);
  await context.close();
});

test("malformed, multi-recipient, CRLF and look-alike addresses are refused with a clear message and no mail", async ({ request }) => {
  const victim = uniqueEmail("victim");
  const hostile = [
    "not-an-email",
    `${victim},attacker@evil.example`,
    `${victim};attacker@evil.example`,
    `${victim}\r\nBcc: attacker@evil.example`,
    `${victim}\nCc: attacker@evil.example`,
    `"attacker@evil.example"@example.com`,
    `user@@example.com`,
    victim.replace("@", "\uFF20"),
    victim.replace("@", "\uFE6B"),
    `ann@ex\u0430mple.com`,
    "x".repeat(10_000),
  ];
  for (const email of hostile) {
    const response = await request.post("/api/sign-in/request", {
      data: { email },
      headers: { Origin: ORIGIN, "X-Forwarded-For": uniqueIp() },
    });
    // A 10,000-character address is over the body limit: 413, still with a clear message.
    expect([400, 413], email.slice(0, 40)).toContain(response.status());
    const body = await response.json();
    expect(body.message.length).toBeGreaterThan(10);
    expect(JSON.stringify(body)).not.toMatch(/\bat \/|Error:/);
  }
  // Refused before anything was queued: no outbox row, so no mail can ever go out.
  const queued = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" LIKE $1 OR "to" LIKE '%evil.example%'`,
    [`%${victim.split("@")[0]}%`],
  );
  expect(queued.rows[0].n).toBe(0);
  expect(mailTo(victim)).toHaveLength(0);
  expect(allMail().some((message) => message.envelopeTo.some((to) => to.includes("evil.example")))).toBe(false);
});

test("known and unknown addresses get identical answers", async ({ browser, request }) => {
  const known = uniqueEmail("known");
  const unknown = uniqueEmail("unknown");
  await e2eDatabase().query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [`known-${Date.now()}`, known]);

  const answers = [];
  for (const email of [known, unknown]) {
    const response = await request.post("/api/sign-in/request", {
      data: { email },
      headers: { Origin: ORIGIN, "X-Forwarded-For": uniqueIp() },
    });
    answers.push({ status: response.status(), body: await response.text() });
  }
  expect(answers[0]).toEqual(answers[1]);

  const pages = [];
  for (const email of [known, unknown]) {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await requestLink(page, email);
    pages.push((await page.locator("main").innerText()).replace(/\s+/g, " "));
    await context.close();
  }
  expect(pages[0]).toEqual(pages[1]);
  expect((await latestAttemptFor(known))?.status).toBeDefined();
  expect((await latestAttemptFor(unknown))?.status).toBeDefined();
});

test("Auth.js's own endpoints cannot bypass the policies", async ({ request }) => {
  const email = uniqueEmail("stock");
  const signIn = await request.post("/api/auth/signin/nodemailer", { form: { email }, headers: { Origin: ORIGIN }, maxRedirects: 0 });
  expect(signIn.status()).toBe(303);
  expect(signIn.headers()["location"]).toBe(`${ORIGIN}/signin`);
  const callback = await request.get(`/api/auth/callback/nodemailer?token=${"a".repeat(43)}&email=${encodeURIComponent(email)}`, {
    maxRedirects: 0,
  });
  expect(callback.status()).toBeGreaterThanOrEqual(300);
  expect(callback.headers()["location"]).toContain("/signin/failed");
  const queued = await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = $1`, [email]);
  expect(queued.rows[0].n).toBe(0);
  expect(mailTo(email)).toHaveLength(0);
  expect(await sessionCountFor(email)).toBe(0);
});
