import { expect, test } from "@playwright/test";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../scripts/support/embedded-database";
import { runPrisma } from "../scripts/prisma";
import { installJobQueue } from "../scripts/support/job-queue-schema";
import type { AppInstance } from "../test/support/app-instance";
import { leakIn } from "./support/error-bodies";
import { EXTRA_PORTS, RUN_SUFFIX, startExtraInstance } from "../test/support/e2e-instances-extra";
import { DESKTOP_CHROME } from "./support/people";

/**
 * An instance on a PostgreSQL server of its own, which the test stops under steady traffic
 * and starts again. Cookies name an attempt and a session, so every page and endpoint below
 * has to ask the database (except /signin, which must keep working throughout).
 */
const DATABASE = { dataDir: `.data/faults-postgres${RUN_SUFFIX}`, port: EXTRA_PORTS.postgresFaultDatabase, database: "app" };
// The pending-attempt cookie is sealed by the app, so it comes from a real request (in beforeAll).
let COOKIE = "";

type Probe = { name: string; path: string; method?: "POST"; page: boolean };
const PROBES: Probe[] = [
  { name: "check-email page", path: "/signin/check-email", page: true },
  { name: "account page", path: "/account", page: true },
  { name: "link landing page", path: "/verify/faultsattempt0000000001", page: true },
  { name: "sign-in request API", path: "/api/sign-in/request", method: "POST", page: false },
  { name: "status API", path: "/api/sign-in/status", page: false },
  { name: "health API", path: "/api/health/db", page: false },
];

interface Answer {
  probe: Probe;
  phase: "up" | "down" | "restarting" | "recovered";
  status: number;
  type: string;
  retryAfter: string | null;
  body: string;
}

let database: EmbeddedDatabase;
let app: AppInstance;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await startEmbeddedDatabase(DATABASE);
  runPrisma(["migrate", "deploy"], { DATABASE_URL: database.url });
  await installJobQueue(database.url);
  app = await startExtraInstance("faults-postgres", EXTRA_PORTS.postgresFault, { DATABASE_URL: database.url });
  const asked = await fetch(`${app.url}/api/sign-in/request`, {
    method: "POST",
    headers: { Origin: app.url, "Content-Type": "application/json", "User-Agent": DESKTOP_CHROME },
    body: JSON.stringify({ email: "someone@example.com" }),
  });
  expect(asked.status).toBe(200);
  const jar = asked.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  expect(jar.map((cookie) => cookie.split("=")[0]).sort()).toEqual(["device", "signin-attempt"]);
  COOKIE = [...jar, `authjs.session-token=${"s".repeat(43)}`].join("; ");
});

test.afterAll(async () => {
  await app?.stop();
  await database?.stop();
});

async function ask(probe: Probe, phase: Answer["phase"]): Promise<Answer> {
  const response = await fetch(`${app.url}${probe.path}`, {
    method: probe.method ?? "GET",
    redirect: "manual",
    headers: {
      Cookie: COOKIE,
      Origin: app.url,
      "User-Agent": DESKTOP_CHROME,
      ...(probe.method ? { "Content-Type": "application/json" } : {}),
      ...(probe.page ? { Accept: "text/html" } : {}),
    },
    body: probe.method ? JSON.stringify({ email: "someone@example.com" }) : undefined,
  });
  const type = response.headers.get("content-type") ?? "";
  return { probe, phase, status: response.status, type, retryAfter: response.headers.get("retry-after"), body: await response.text() };
}

/** Four clients asking every probe in turn, into `answers`, until `until` resolves. */
async function trafficUntil(until: Promise<unknown>, phase: () => Answer["phase"], answers: Answer[]): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  await Promise.all(
    [0, 1, 2, 3].map(async (client) => {
      for (let n = client; !done; n++) answers.push(await ask(PROBES[n % PROBES.length], phase()));
    }),
  );
}

/** Resolves once every probe has been answered `times` times in `phase`: how long that takes depends on the machine's load, not on a guess. */
async function everyProbeAnswered(answers: Answer[], phase: Answer["phase"], times: number): Promise<void> {
  const counts = () => PROBES.map((probe) => answers.filter((answer) => answer.probe === probe && answer.phase === phase).length);
  await expect.poll(() => Math.min(...counts()), { timeout: 45_000, intervals: [100] }).toBeGreaterThanOrEqual(times);
}

test("PostgreSQL restarted under load: 503 with a friendly page or JSON during the outage, never a stack trace, and recovery without an app restart", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  let phase: Answer["phase"] = "up";
  const pid = app.process.pid;
  const answers: Answer[] = [];
  const outage = (async () => {
    await everyProbeAnswered(answers, "up", 1);
    await database.stop();
    phase = "down";
    await everyProbeAnswered(answers, "down", 2);
    // While it starts, answers may be either: only the ones before must all be 503.
    phase = "restarting";
    database = await startEmbeddedDatabase(DATABASE);
    // Recovered once the app answers its readiness probe again by itself.
    await expect.poll(async () => (await ask(PROBES[5], "recovered")).status, { timeout: 45_000 }).toBe(200);
    phase = "recovered";
    await everyProbeAnswered(answers, "recovered", 1);
  })();
  await trafficUntil(outage, () => phase, answers);
  await outage;

  for (const answer of answers) {
    expect(answer.status, `${answer.probe.name} (${answer.phase})`).not.toBe(500);
    expect(answer.status === 503 || answer.status < 500, `${answer.probe.name} answered ${answer.status}`).toBe(true);
    expect(leakIn(answer.body), `${answer.probe.name} (${answer.phase})`).toBeNull();
  }
  const outageAnswers = answers.filter((answer) => answer.phase === "down");
  for (const probe of PROBES) {
    const during = outageAnswers.filter((answer) => answer.probe === probe);
    expect(during.length, `${probe.name} was asked during the outage`).toBeGreaterThan(0);
    for (const answer of during) {
      expect(answer.status, `${probe.name} during the outage`).toBe(503);
      expect(answer.retryAfter).toBe("30");
      if (probe.page) {
        // Next.js's error document: app/error.tsx renders in it once the page's script runs (below, in a browser).
        expect(answer.type).toMatch(/^text\/html/);
        expect(answer.body).toContain('id="__next_error__"');
      } else {
        expect(answer.type).toMatch(/^application\/json/);
        expect(JSON.parse(answer.body)).toMatchObject({ ok: false, code: "temporarily-unavailable" });
      }
    }
  }
  // Afterwards every probe gets its normal answer from the same, never restarted, process.
  const after = await Promise.all(PROBES.map((probe) => ask(probe, "recovered")));
  expect(after.map((answer) => answer.status)).toEqual([200, 307, 200, 200, 200, 200]);
  expect(app.process.pid).toBe(pid);
  expect(app.process.exitCode).toBeNull();

  // What a person sees during an outage: the friendly page for a page and for the sign-in form.
  await database.stop();
  const context = await browser.newContext({ baseURL: app.url, userAgent: DESKTOP_CHROME });
  await context.addCookies([{ name: "authjs.session-token", value: "s".repeat(43), url: app.url }]);
  const page = await context.newPage();
  const friendly = page.getByRole("heading", { name: "We can't show this page right now" });
  expect((await page.goto("/account"))?.status()).toBe(503);
  await expect(friendly).toBeVisible();
  await expect(page.getByText("Please try again in a minute.")).toBeVisible();
  expect((await page.goto("/signin"))?.status()).toBe(200);
  await page.getByLabel("Email address").fill("someone@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(friendly).toBeVisible();
  expect(leakIn(await page.content())).toBeNull();
  await context.close();
  database = await startEmbeddedDatabase(DATABASE);
});
