import { expect, test, type BrowserContext } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { e2eDatabase, latestAttemptFor } from "./support/database";
import { E2E_REDIS_URL, instanceUrl } from "../test/support/e2e-instances";
import { EXTRA_PORTS, startExtraInstance } from "../test/support/e2e-instances-extra";
import { signInCodeFrom, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, signIn, uniqueEmail } from "./support/people";
import { startTcpRelay, type TcpRelay } from "./support/tcp-relay";
import { enrolAuthenticatorApp, totpCodeNotNear } from "./support/totp";

/**
 * Guessing budgets, attacked the way a script would: many guesses at once, so that each is
 * judged before any other has been counted. Every guess must spend its budget before it is
 * compared, and a budget that cannot be read refuses.
 */

const CODE_MAX_TRIES = 5;
const STEP_UP_BUDGET = 5;

const wrongCodeFor = (right: string, index: number) => String((Number(right) + 1 + index) % 1_000_000).padStart(6, "0");

/** Posts a code the way the check-email form does, from the browser that asked (its cookies). */
async function postCode(context: BrowserContext, origin: string, code: string): Promise<string> {
  const response = await context.request.post(`${origin}/api/sign-in/code`, {
    form: { code },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  return response.headers()["location"] ?? "";
}

const outcome = (location: string) =>
  location.includes("/api/auth/callback/") ? "signed-in" : (/error=([a-z-]+)/.exec(location)?.[1] ?? location);

function tally(outcomes: string[]): Record<string, number> {
  return outcomes.reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});
}

/** Guesses that were compared with the code (refusals before comparing carry no try number). */
async function judgedWrongGuesses(attemptId: string): Promise<number> {
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "attemptId" = $1 AND type = 'code.failed' AND details ? 'failures'`,
    [attemptId],
  );
  return rows[0].n as number;
}

test.describe("sign-in codes", () => {
  const origin = instanceUrl("approve");

  test("29 wrong codes at once are judged against a budget of 5; the right code after them is refused", async ({ browser }) => {
    const email = uniqueEmail("guess-burst");
    const context = await newDevice(browser);
    const page = await context.newPage();
    await requestLink(page, email);
    const code = signInCodeFrom((await waitForMail(email))[0]);

    const outcomes = (
      await Promise.all(Array.from({ length: 29 }, (_, index) => postCode(context, origin, wrongCodeFor(code, index))))
    ).map(outcome);
    const counts = tally(outcomes);
    console.log(`29 parallel wrong codes: ${JSON.stringify(counts)}`);
    expect(counts["wrong-code"] ?? 0).toBeLessThanOrEqual(CODE_MAX_TRIES - 1);
    expect(counts["signed-in"] ?? 0).toBe(0);

    expect(outcome(await postCode(context, origin, code))).not.toBe("signed-in");
    const attempt = await latestAttemptFor(email);
    expect(attempt?.status).not.toBe("REDEEMED");
    expect(attempt?.codeFailures).toBeLessThanOrEqual(CODE_MAX_TRIES);
    expect(await judgedWrongGuesses(attempt!.id)).toBeLessThanOrEqual(CODE_MAX_TRIES);
    await context.close();
  });

  test("30 codes at once with the right one last: no more guesses are judged than the budget allows", async ({ browser }) => {
    const email = uniqueEmail("guess-race");
    const context = await newDevice(browser);
    const page = await context.newPage();
    await requestLink(page, email);
    const code = signInCodeFrom((await waitForMail(email))[0]);

    const guesses = [...Array.from({ length: 29 }, (_, index) => wrongCodeFor(code, index)), code];
    const outcomes = (await Promise.all(guesses.map((guess) => postCode(context, origin, guess)))).map(outcome);
    const counts = tally(outcomes);
    console.log(`30 parallel codes, right one last: ${JSON.stringify(counts)}`);
    const attempt = await latestAttemptFor(email);
    const judged = (await judgedWrongGuesses(attempt!.id)) + (counts["signed-in"] ?? 0);
    expect(judged).toBeLessThanOrEqual(CODE_MAX_TRIES);
    expect(counts["wrong-code"] ?? 0).toBeLessThanOrEqual(CODE_MAX_TRIES);
    await context.close();
  });
});

test('20 wrong authenticator codes at once: at most the step-up budget is answered "wrong", the rest are paused', async ({ browser }) => {
  const email = uniqueEmail("guess-totp");
  const context = await newDevice(browser);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, email);
  const secret = await enrolAuthenticatorApp(page);
  const origin = instanceUrl("approve");

  const wrong = await totpCodeNotNear(secret);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      context.request.post(`${origin}/api/step-up/code`, {
        form: { method: "totp", code: wrong, policy: "admin.access", returnTo: "/account" },
        headers: { Origin: origin },
        maxRedirects: 0,
      }),
    ),
  );
  const counts = tally(answers.map((answer) => outcome(answer.headers()["location"] ?? "")));
  console.log(`20 parallel wrong TOTP codes: ${JSON.stringify(counts)}`);
  expect(counts["wrong-code"] ?? 0).toBeLessThanOrEqual(STEP_UP_BUDGET);
  expect((counts["wrong-code"] ?? 0) + (counts.paused ?? 0)).toBe(20);

  // The first burst tells the owner and raises one alert for the admins.
  await waitForMail(email, { subject: /Wrong authenticator codes/ });
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "Alert" a JOIN "User" u ON u.id = a."userId" WHERE u.email = $1 AND a.kind = 'stepup-code-guessing'`,
    [email],
  );
  expect(rows[0].n).toBe(1);
  await context.close();
});

test.describe("a budget store that cannot answer refuses codes", () => {
  let relay: TcpRelay;
  let app: AppInstance;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const redis = new URL(E2E_REDIS_URL);
    relay = await startTcpRelay(EXTRA_PORTS.codeStoreRedisRelay, { host: redis.hostname, port: Number(redis.port || 6379) });
    // The default store-failure mode, "fallback", moves send limits to PostgreSQL; guessing budgets never fall back.
    app = await startExtraInstance("guess-store", EXTRA_PORTS.codeStoreApp, {
      REDIS_URL: `redis://127.0.0.1:${relay.port}${redis.pathname}`,
      RATE_LIMIT_STORE_FAILURE: "fallback",
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await relay?.close();
  });

  test("with Redis gone the right code is refused, and accepted once Redis is back", async ({ browser }) => {
    const email = uniqueEmail("guess-store");
    const context = await newDevice(browser);
    const page = await context.newPage();
    await requestLink(page, email, undefined, app.url);
    const code = signInCodeFrom((await waitForMail(email))[0]);

    await relay.cut();
    const refused = outcome(await postCode(context, app.url, code));
    expect(refused).toBe("code-entry-unavailable");
    expect((await latestAttemptFor(email))?.status).not.toBe("REDEEMED");

    await relay.restore();
    await expect.poll(async () => outcome(await postCode(context, app.url, code)), { timeout: 20_000 }).toBe("signed-in");
    await context.close();
  });
});
