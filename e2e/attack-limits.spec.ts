import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { EXTRA_PORTS, instanceLog, startExtraInstance } from "../test/support/e2e-instances-extra";
import { allMail, mailTo, signInLinkFrom, waitForMail } from "./support/mailbox";
import { requestLink, signIn, uniqueEmail, uniqueIp } from "./support/people";

/**
 * Send limits, attacked the way someone with one VPS would: sharing a victim's budget to lock
 * them out, rotating addresses inside an IPv6 /64 or +tags of one mailbox, flooding one source
 * to switch sign-in off for everyone, flooding the audit trail, uploading huge bodies, and
 * watching cookies and statuses to tell a locked address from any other.
 */
const LIMITS = {
  RATE_LIMIT_PER_EMAIL: "3/15m",
  RATE_LIMIT_PER_MAILBOX: "6/15m",
  RATE_LIMIT_PER_IP: "5/15m",
  RATE_LIMIT_PER_DEVICE: "50/15m",
  RATE_LIMIT_GLOBAL: "200/1m",
};
let app: AppInstance;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await startExtraInstance("attack-limits", EXTRA_PORTS.attackLimits, LIMITS);
});
test.afterAll(async () => {
  await app?.stop();
});

const ask = (request: APIRequestContext, email: string, ip: string) =>
  request.post(`${app.url}/api/sign-in/request`, { data: { email }, headers: { Origin: app.url, "X-Forwarded-For": ip } });
const issuedAttemptsFor = async (email: string) =>
  (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, [email])).rows[0].n as number;
const signInMails = (email: string) => mailTo(email).filter((message) => /^Sign in to /.test(message.subject));

async function deviceOn(browser: Browser, ip = uniqueIp()) {
  const context = await browser.newContext({ baseURL: app.url, extraHTTPHeaders: { "X-Forwarded-For": ip } });
  return { context, page: await context.newPage() };
}

test("a stranger spends only their own share: the owner's link survives and the owner still gets a new one", async ({
  browser,
  playwright,
}) => {
  const victim = uniqueEmail("share-victim");
  const owner = await deviceOn(browser);
  await signIn(owner.page, victim);
  await requestLink(owner.page, victim);
  await waitForMail(victim, { count: 2 });
  const ownersLink = await latestAttemptFor(victim);

  const attacker = await playwright.request.newContext();
  const attackerIp = uniqueIp();
  for (let n = 0; n < 10; n++) expect((await ask(attacker, victim, attackerIp)).status()).toBe(200);
  await attacker.dispose();
  // The attacker got its share (3 issued links) and no more; none of its requests touched the
  // owner's link. (Its own earlier links are superseded by its later ones, so their emails may
  // rightly be dropped: count issued attempts, not mails.)
  expect(await issuedAttemptsFor(victim)).toBe(2 + 3);
  const { rows } = await e2eDatabase().query(`SELECT status FROM "LoginAttempt" WHERE id = $1`, [ownersLink!.id]);
  expect(rows[0].status).toBe("PENDING");

  // The owner's browser asks again and signs in with the newest link.
  await requestLink(owner.page, victim);
  const newest = await latestAttemptFor(victim);
  expect(newest!.id).not.toBe(ownersLink!.id);
  await expect
    .poll(() => signInMails(victim).some((message) => message.text.includes(`/verify/${newest!.id}#`)), { timeout: 30_000 })
    .toBe(true);
  const mail = signInMails(victim).find((message) => message.text.includes(`/verify/${newest!.id}#`))!;
  await owner.page.goto(signInLinkFrom(mail));
  await expect(owner.page).toHaveURL(/\/account$/);
  await owner.context.close();
});

test("400 requests from one IPv6 /64, each from its own address: at most the network's budget is sent", async ({ playwright }) => {
  const client = await playwright.request.newContext();
  const prefix = `2001:db8:${(Date.now() % 65_000).toString(16)}:7`;
  const emails = Array.from({ length: 400 }, (_, n) => uniqueEmail(`v6-${n}`));
  const before = allMail().length;
  for (let n = 0; n < emails.length; n += 20) {
    await Promise.all(emails.slice(n, n + 20).map((email, k) => ask(client, email, `${prefix}:${(n + k).toString(16)}::1`)));
  }
  await client.dispose();
  await expect
    .poll(
      async () =>
        (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = ANY($1) AND status = 'PENDING'`, [emails]))
          .rows[0].n,
    )
    .toBe(0);
  const sent = allMail().length - before;
  console.log(`400 requests from one /64: ${sent} emails (per-network budget 5)`);
  expect(emails.filter((email) => mailTo(email).length > 0).length).toBeLessThanOrEqual(5);
});

test("50 +tags of one mailbox from 50 networks: at most the mailbox's budget is sent", async ({ playwright }) => {
  const client = await playwright.request.newContext();
  const base = uniqueEmail("tagged");
  const [local, domain] = base.split("@");
  const tagged = Array.from({ length: 50 }, (_, n) => `${local}+${n}@${domain}`);
  for (const email of tagged) expect((await ask(client, email, uniqueIp())).status()).toBe(200);
  await client.dispose();
  await expect
    .poll(
      async () =>
        (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = ANY($1) AND status = 'PENDING'`, [tagged]))
          .rows[0].n,
    )
    .toBe(0);
  const delivered = tagged.filter((email) => signInMails(email).length > 0).length;
  console.log(`50 +tags of one mailbox: ${delivered} emails (mailbox budget 6)`);
  expect(delivered).toBeLessThanOrEqual(6);
});

test("one network flooding the global budget cannot switch sign-in off: a person from another network still signs in", async ({
  browser,
  playwright,
}) => {
  // Per-network budgets high enough that one source could take the whole service (a big NAT, say).
  const flooded = await startExtraInstance("attack-global", EXTRA_PORTS.globalFlood, {
    RATE_LIMIT_PER_IP: "1000/15m",
    RATE_LIMIT_PER_DEVICE: "1000/15m",
    RATE_LIMIT_GLOBAL: "30/1m",
  });
  try {
    const flooder = await playwright.request.newContext();
    const floodIp = uniqueIp();
    const floodEmails = Array.from({ length: 60 }, () => uniqueEmail("global-flood"));
    for (const email of floodEmails) {
      await flooder.post(`${flooded.url}/api/sign-in/request`, {
        data: { email },
        headers: { Origin: flooded.url, "X-Forwarded-For": floodIp },
      });
    }
    await flooder.dispose();
    const issued = (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = ANY($1)`, [floodEmails])).rows[0]
      .n;
    console.log(`one network, 60 requests against a global budget of 30: ${issued} issued`);
    expect(issued).toBeLessThanOrEqual(15);

    const email = uniqueEmail("global-bystander");
    const person = await browser.newContext({ baseURL: flooded.url, extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() } });
    const page = await person.newPage();
    await requestLink(page, email, undefined, flooded.url);
    await page.goto(signInLinkFrom((await waitForMail(email))[0]));
    await expect(page).toHaveURL(/\/account$/);
    await person.close();
  } finally {
    await flooded.stop();
  }
});

test("known, unknown, locked and limited addresses: the same answer, the same cookies, the same statuses", async ({ browser }) => {
  const known = uniqueEmail("known");
  const locked = uniqueEmail("locked");
  const limited = uniqueEmail("limited");
  await e2eDatabase().query(`INSERT INTO "User" (id, email, "createdAt", "updatedAt") VALUES ($1, $2, now(), now())`, [
    `known${Date.now()}`,
    known,
  ]);
  await e2eDatabase().query(`INSERT INTO "User" (id, email, "lockedAt", "createdAt", "updatedAt") VALUES ($1, $2, now(), now(), now())`, [
    `locked${Date.now()}`,
    locked,
  ]);
  const limitedIp = uniqueIp();
  const warmUp = await deviceOn(browser, limitedIp);
  for (let n = 0; n < 3; n++)
    await warmUp.context.request.post(`${app.url}/api/sign-in/request`, { data: { email: limited }, headers: { Origin: app.url } });
  await warmUp.context.close();

  const observe = async (email: string, ip = uniqueIp()) => {
    const { context } = await deviceOn(browser, ip);
    const answer = await context.request.post(`${app.url}/api/sign-in/request`, { data: { email }, headers: { Origin: app.url } });
    const answered = { status: answer.status(), body: await answer.text() };
    const cookies = (await context.cookies()).map((cookie) => ({
      name: cookie.name,
      lifetimeMinutes: Math.round((cookie.expires - Date.now() / 1000) / 60),
      httpOnly: cookie.httpOnly,
      sameSite: cookie.sameSite,
    }));
    const statusAt = async () => {
      const { status } = await (await context.request.get(`${app.url}/api/sign-in/status`)).json();
      return { ...status, expiresAt: status.expiresAt ? "masked" : undefined };
    };
    await expect.poll(async () => (await statusAt()).delivery, { timeout: 15_000 }).toBe("SENT");
    const sent = await statusAt();
    const wrongCode = await context.request.post(`${app.url}/api/sign-in/code`, {
      form: { code: "000000" },
      headers: { Origin: app.url },
      maxRedirects: 0,
    });
    const afterCode = await statusAt();
    await context.close();
    return {
      ...answered,
      cookies: cookies.sort((a, b) => a.name.localeCompare(b.name)),
      sent,
      wrongCode: wrongCode.headers()["location"],
      afterCode,
    };
  };
  const results = {
    known: await observe(known),
    unknown: await observe(uniqueEmail("unknown")),
    locked: await observe(locked),
    limited: await observe(limited, limitedIp),
  };
  for (const [label, result] of Object.entries(results)) expect(result, label).toEqual(results.unknown);
});

test("5,000 junk tokens sent to Auth.js's callback add a handful of events, and a real sign-in meanwhile is still scored", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const floodIp = uniqueIp();
  const before = await e2eDatabase().query(`SELECT coalesce(max(seq), 0) AS seq FROM "AuditEvent"`);
  const logBefore = instanceLog(app).length;
  let sent = 0;
  const flood = async () => {
    while (sent < 5_000) {
      sent++;
      const response = await fetch(`${app.url}/api/auth/callback/nodemailer?token=junk${sent}&email=x%40example.com`, {
        headers: { "X-Forwarded-For": floodIp },
        redirect: "manual",
      });
      await response.arrayBuffer();
    }
  };
  const email = uniqueEmail("during-flood");
  const person = await deviceOn(browser);
  const signingIn = (async () => {
    await requestLink(person.page, email);
    await person.page.goto(signInLinkFrom((await waitForMail(email, { timeoutMs: 60_000 }))[0]));
    await expect(person.page).toHaveURL(/\/account$/, { timeout: 30_000 });
  })();
  await Promise.all([...Array.from({ length: 16 }, flood), signingIn]);

  const { rows } = await e2eDatabase().query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE seq > $1 AND ip = $2`, [
    before.rows[0].seq,
    floodIp,
  ]);
  console.log(`5,000 junk callbacks from one network: ${rows[0].n} audit events (at most 13 per network per minute)`);
  expect(rows[0].n).toBeLessThanOrEqual(13 * 3);
  // Nor does it flood the server's log: no stack trace per request, one line a minute, no token.
  const logged = instanceLog(app).slice(logBefore);
  console.log(`5,000 junk callbacks: ${logged.length} bytes of server log`);
  expect(logged).not.toContain("[auth][error]");
  expect(logged).not.toMatch(/junk\d+/);
  expect(logged.split("\n").filter((line) => line.includes('"event":"auth.request_refused"')).length).toBeLessThanOrEqual(4);
  const attempt = await latestAttemptFor(email);
  await expect
    .poll(
      async () =>
        (
          await e2eDatabase().query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "attemptId" = $1 AND type = 'risk.assessed'`, [
            attempt!.id,
          ])
        ).rows[0].n,
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await person.context.close();
});

test("a 50 MB body to every public POST route is refused with 413 at once, and the server's memory stays flat", async () => {
  test.setTimeout(180_000);
  const routes = [
    "/api/sign-in/request",
    "/api/sign-in/open",
    "/api/sign-in/redeem",
    "/api/sign-in/approve",
    "/api/sign-in/deny",
    "/api/sign-in/code",
    "/api/sign-in/finish",
    "/api/sign-in/resend",
    "/api/step-up/code",
    "/api/step-up/email-code",
    "/api/step-up/passkey/verify",
    "/api/passkeys/registration/verify",
    "/api/auth/callback/nodemailer",
    "/api/auth/signout",
    "/api/sign-in/passkey/verify",
    "/api/email-feedback/ses",
    "/api/email-feedback/postmark",
    "/api/email-feedback/resend",
    "/api/cron/jobs",
  ];
  const rssBefore = residentMegabytes(app);
  for (const path of routes) {
    const answer = await uploadChunked(`${app.url}${path}`, 50 * 1024 * 1024);
    console.log(`${path}: ${answer.status} after ${answer.sentMegabytes.toFixed(1)} MB sent, ${answer.ms} ms`);
    // Routes that need a session or another browser answer before reading (401/403/303); none reads 50 MB.
    // A server that answers 413 and closes may do so before this client reads the answer: that is a refusal too.
    expect([413, 401, 403, 303, HUNG_UP], path).toContain(answer.status);
    expect(answer.sentMegabytes, path).toBeLessThan(50);
    // And the server is still there, answering.
    expect((await fetch(`${app.url}/api/health/db`)).status, path).toBe(200);
  }
  const growth = residentMegabytes(app) - rssBefore;
  console.log(`RSS growth over ${routes.length} uploads: ${growth.toFixed(0)} MB`);
  expect(growth).toBeLessThan(40);
});

function residentMegabytes(instance: AppInstance): number {
  const status = readFileSync(`/proc/${instance.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Status for a connection the server closed while the body was still being sent (it stopped reading). */
const HUNG_UP = 0;

/** Streams `bytes` of JSON-ish data in chunks, same-origin, and stops as soon as an answer arrives. */
function uploadChunked(url: string, bytes: number): Promise<{ status: number; sentMegabytes: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const target = new URL(url);
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: target.origin,
          "X-Forwarded-For": uniqueIp(),
          "Transfer-Encoding": "chunked",
        },
      },
      (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, sentMegabytes: sent / 1024 / 1024, ms: Date.now() - started });
        request.destroy();
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server answered and closed the connection before this client read the answer.
      if (error.code === "EPIPE" || error.code === "ECONNRESET")
        return resolve({ status: HUNG_UP, sentMegabytes: sent / 1024 / 1024, ms: Date.now() - started });
      reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const write = () => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", write);
      }
      if (!answered) request.end();
    };
    write();
  });
}
