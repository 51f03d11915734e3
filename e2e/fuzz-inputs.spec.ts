import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import pg from "pg";
import { startMailCatcher } from "../lib/mail/catcher";
import { readMailbox } from "../lib/mail/mailbox";
import type { AppInstance } from "../test/support/app-instance";
import { leakIn } from "./support/error-bodies";
import { callbackUrl, headerValue, hostileEmail, hostileHeaders, jsonValue, nastyText, send, type Answer } from "./support/hostile-values";
import { EXTRA_PORTS, RUN_SUFFIX, freshSpecDatabase, startExtraInstance } from "../test/support/e2e-instances-extra";
import { DESKTOP_CHROME, uniqueIp } from "./support/people";

/**
 * Random and hostile values at every public input, about 200 cases in all, against an instance
 * with its own database and SMTP catcher so that every stored row and every message counts.
 * Each answer: no 5xx, no stack trace or server path, no redirect off the site. At the end:
 * mail went only to canonical forms of addresses the app accepted, and only the documented
 * records (attempts, outbox, audit trail, limit counters, alerts) were added.
 */
test.describe.configure({ mode: "serial" });

const MAILBOX = `.data/fuzz-mailbox${RUN_SUFFIX}`;
// AuditCheckpoint: the app signs the chain's head on a timer of its own (the sign-checkpoint job, lib/jobs).
// The Overview's hourly rollups are counters derived from LoginAttempt and AuditEvent by triggers.
const MAY_GROW = new Set([
  "LoginAttempt",
  "EmailOutbox",
  "AuditEvent",
  "AuditCheckpoint",
  "rate_limits",
  "Alert",
  "_prisma_migrations",
  "OverviewAttemptHour",
  "OverviewEventHour",
]);
let app: AppInstance;
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
let database: pg.Pool;
let before: Record<string, number>;
/** Trimmed, lower-cased forms of every address the app answered "on its way" for. */
const accepted = new Set<string>();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(MAILBOX, { recursive: true, force: true });
  const databaseUrl = await freshSpecDatabase("magic_link_fuzz");
  catcher = await startMailCatcher({ port: EXTRA_PORTS.fuzzMail, folder: MAILBOX });
  app = await startExtraInstance("fuzz", EXTRA_PORTS.fuzz, {
    DATABASE_URL: databaseUrl,
    EMAIL_SERVER: `smtp://127.0.0.1:${EXTRA_PORTS.fuzzMail}`,
  });
  database = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  before = await tableCounts();
});

test.afterAll(async () => {
  await database?.end();
  await app?.stop();
  await catcher?.close();
});

async function tableCounts(): Promise<Record<string, number>> {
  const { rows } = await database.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) counts[name] = (await database.query(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0].n;
  return counts;
}

function expectSafe(answer: Answer, what: string) {
  expect(answer.status, what).toBeLessThan(500);
  expect(leakIn(answer.body), what).toBeNull();
  const location = answer.headers.location;
  if (location) expect(location.startsWith(`${app.url}/`) || /^\/(?![/\\])/.test(location), `${what} redirects to ${location}`).toBe(true);
}

/** Mostly this site's origin (so requests get past the origin check), sometimes anything. */
const origin = () => fc.oneof({ weight: 4, arbitrary: fc.constant(app.url) }, { weight: 1, arbitrary: headerValue });

test("sign-in request: hostile addresses, callback URLs, bodies and headers", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof({ weight: 4, arbitrary: hostileEmail }, { weight: 1, arbitrary: jsonValue }),
      callbackUrl,
      hostileHeaders,
      origin(),
      // Usually the JSON the endpoint expects; one time in five a raw hostile body instead.
      fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nastyText }),
      async (email, callback, headers, requestOrigin, rawBody) => {
        const body = rawBody ?? JSON.stringify({ email, callbackUrl: callback });
        const answer = await send(`${app.url}/api/sign-in/request`, {
          method: "POST",
          headers: { ...headers, origin: requestOrigin, "content-type": "application/json" },
          body,
        });
        expectSafe(answer, `POST /api/sign-in/request ${body.slice(0, 200)}`);
        if (answer.status === 200 && typeof email === "string" && rawBody === null) accepted.add(email.trim().toLowerCase());
      },
    ),
    { numRuns: 60 },
  );
  expect(accepted.size).toBeGreaterThan(0);
});

test("link, code and approval endpoints: hostile ids, fragments, codes, numbers and cookies", async () => {
  // Real attempt ids too, so that wrong tokens meet real rows.
  const { rows } = await database.query(`SELECT id FROM "LoginAttempt" LIMIT 5`);
  const attemptId = fc.oneof(nastyText, fc.constantFrom(...rows.map((row) => row.id as string), "cmxxxxxxxxxxxxxxxxxxxxxxx"));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("open", "approve", "redeem", "resend", "code", "finish", "status"),
      fc.oneof(attemptId, jsonValue),
      fc.oneof(nastyText, jsonValue),
      fc.oneof(jsonValue, fc.integer({ min: 0, max: 99 })),
      hostileHeaders,
      origin(),
      async (endpoint, id, token, pick, headers, requestOrigin) => {
        const text = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
        const cookie = headers.cookie ?? `signin-attempt=${encodeURIComponent(text(id))}; device=${encodeURIComponent(text(token))}`;
        const json = endpoint === "open" || endpoint === "approve";
        const body = json
          ? JSON.stringify({ attemptId: id, token, number: pick })
          : new URLSearchParams({ attemptId: text(id), token: text(token), code: text(pick), confirmOtherDevice: text(pick) }).toString();
        const answer = await send(`${app.url}/api/sign-in/${endpoint}`, {
          method: endpoint === "status" ? "GET" : "POST",
          headers: {
            ...headers,
            cookie,
            origin: requestOrigin,
            "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
          },
          body: endpoint === "status" ? undefined : body,
        });
        expectSafe(answer, `${endpoint} ${body.slice(0, 200)}`);
      },
    ),
    { numRuns: 70 },
  );
});

const PAGES = ["verify", "signin", "check-email", "failed", "callback", "session", "anything"] as const;

test("pages and Auth.js's callback: hostile paths, query parameters and headers", async () => {
  const pages = (a: string, b: string, c: string): Record<(typeof PAGES)[number], string> => {
    const q = encodeURIComponent;
    return {
      verify: `/verify/${q(a)}`,
      signin: `/signin?callbackUrl=${q(c)}`,
      "check-email": `/signin/check-email?error=${q(a)}&left=${q(b)}`,
      failed: `/signin/failed?reason=${q(a)}&error=${q(b)}`,
      callback: `/api/auth/callback/nodemailer?token=${q(a)}&email=${q(b)}&callbackUrl=${q(c)}`,
      session: "/api/auth/session",
      anything: `/${q(a)}/${q(b)}`,
    };
  };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PAGES), nastyText, nastyText, callbackUrl, hostileHeaders, async (page, a, b, c, headers) => {
      const path = pages(a, b, c)[page];
      expectSafe(await send(`${app.url}${path}`, { headers }), `GET ${path}`);
    }),
    { numRuns: 50 },
  );
});

test("the sign-in form in a browser: hostile addresses typed by a person", async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: app.url,
    userAgent: DESKTOP_CHROME,
    extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() },
  });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  await fc.assert(
    fc.asyncProperty(hostileEmail, async (email) => {
      await page.goto("/signin");
      const field = page.getByLabel("Email address");
      await field.fill(email.replace(/\u0000/g, ""));
      // What the browser will send: an email field drops line breaks, for one.
      const typed = await field.inputValue();
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await expect(page.locator("#email-error").or(page.getByRole("heading", { name: "Check your email" }))).toBeVisible();
      if (page.url().endsWith("/signin/check-email")) accepted.add(typed.trim().toLowerCase());
      expect(leakIn(await page.content())).toBeNull();
      expect(failures).toEqual([]);
    }),
    { numRuns: 15 },
  );
  await context.close();
});

test("afterwards: mail went only to the canonical addresses submitted, and only documented records were added", async () => {
  await expect
    .poll(async () => (await database.query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE status = 'PENDING'`)).rows[0].n, {
      timeout: 30_000,
    })
    .toBe(0);
  const messages = readMailbox(MAILBOX);
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.envelopeTo).toHaveLength(1);
    expect(accepted.has(message.envelopeTo[0]), `mail to ${message.envelopeTo[0]}`).toBe(true);
    for (const link of message.text.match(/https?:\/\/[^\s"<>]+/g) ?? []) expect(link.startsWith(`${app.url}/`), link).toBe(true);
  }
  const { rows } = await database.query(`SELECT DISTINCT email FROM "LoginAttempt"`);
  for (const { email } of rows) expect(accepted.has(email), `attempt for ${email}`).toBe(true);

  const after = await tableCounts();
  for (const [table, count] of Object.entries(after)) {
    if (!MAY_GROW.has(table)) expect(count, `rows in ${table}`).toBe(before[table]);
  }
});
