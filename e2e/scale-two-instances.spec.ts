import { expect, test, type Browser, type Page, type Response } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { e2eDatabase, latestAttemptFor, sessionCountFor } from "./support/database";
import { E2E_REDIS_URL } from "../test/support/e2e-instances";
import { EXTRA_PORTS, startExtraInstance } from "../test/support/e2e-instances-extra";
import { mailTo, signInLinkFrom, waitForMail } from "./support/mailbox";
import { startOneOriginProxy } from "./support/one-origin-proxy";
import { DESKTOP_CHROME, requestLink, uniqueEmail, uniqueIp } from "./support/people";

/**
 * Two production instances behind one origin, as a load balancer would run them: they share
 * PostgreSQL, Redis (limit counters), AUTH_SECRET and AUTH_URL (the proxy's origin), and
 * trust the one proxy in front of them. Each browser is pinned to an instance by the test.
 */
test.describe.configure({ mode: "serial" });

type Route = "a" | "b";
let instances: AppInstance[] = [];
let proxy: Awaited<ReturnType<typeof startOneOriginProxy>>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const origin = `http://localhost:${EXTRA_PORTS.scaleProxy}`;
  const shared = { AUTH_URL: origin, REDIS_URL: E2E_REDIS_URL, RATE_LIMIT_NAMESPACE: "scale", RATE_LIMIT_PER_EMAIL: "3/15m" };
  instances = await Promise.all([
    startExtraInstance("scale-a", EXTRA_PORTS.scaleA, shared),
    startExtraInstance("scale-b", EXTRA_PORTS.scaleB, shared),
  ]);
  proxy = await startOneOriginProxy(EXTRA_PORTS.scaleProxy, { a: EXTRA_PORTS.scaleA, b: EXTRA_PORTS.scaleB });
});

test.afterAll(async () => {
  await proxy?.close();
  await Promise.all(instances.map((instance) => instance.stop()));
});

/** A browser on its own network whose requests the proxy sends to instance `route` until `routeTo` says otherwise. */
async function device(browser: Browser, route: Route) {
  const ip = uniqueIp();
  const headers = (to: Route) => ({ "X-Forwarded-For": ip, "X-Route-To": to });
  const context = await browser.newContext({ baseURL: proxy.url, userAgent: DESKTOP_CHROME, extraHTTPHeaders: headers(route) });
  return { context, page: await context.newPage(), routeTo: (to: Route) => context.setExtraHTTPHeaders(headers(to)) };
}

/**
 * Which instance answered each request `page` makes from now on (the proxy's X-Served-By),
 * by path. Static assets are left out: the browser may serve them from its cache.
 */
function answeredBy(page: Page) {
  const seen: Record<string, string[]> = {};
  const listener = (response: Response) => {
    const { pathname } = new URL(response.url());
    if (!pathname.startsWith("/_next/static/")) (seen[pathname] ??= []).push(response.headers()["x-served-by"]);
  };
  page.on("response", listener);
  return { seen, stop: () => page.off("response", listener), instances: () => new Set(Object.values(seen).flat()) };
}

test("a link requested through instance A redeems through instance B", async ({ browser }) => {
  const email = uniqueEmail("scale-link");
  const { context, page, routeTo } = await device(browser, "a");
  const asking = answeredBy(page);
  await requestLink(page, email);
  asking.stop();
  expect(asking.instances()).toEqual(new Set(["a"]));

  const link = signInLinkFrom((await waitForMail(email))[0]);
  expect(link.startsWith(`${proxy.url}/verify/`)).toBe(true);
  await page.goto("about:blank");
  await routeTo("b");
  const redeeming = answeredBy(page);
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  redeeming.stop();
  expect(redeeming.instances()).toEqual(new Set(["b"]));
  expect(redeeming.seen["/api/sign-in/open"]).toEqual(["b"]);
  expect(redeeming.seen["/api/sign-in/redeem"]).toEqual(["b"]);
  expect((await latestAttemptFor(email))?.redeemedVia).toBe("same-browser");
  await context.close();
});

test("the per-email limit is shared: requests spread over both instances are limited as one", async ({ request }) => {
  const email = uniqueEmail("scale-limit");
  // One requester (the test plays a trusted proxy on loopback, so its entry names the client).
  const ip = uniqueIp();
  const answers: string[] = [];
  for (let n = 0; n < 6; n++) {
    const response = await request.post(`${proxy.url}/api/sign-in/request`, {
      data: { email },
      headers: { Origin: proxy.url, "X-Route-To": n % 2 === 0 ? "a" : "b", "X-Forwarded-For": ip },
    });
    expect(response.status()).toBe(200);
    answers.push(await response.text());
  }
  // Limited requests get the same answer as the others.
  expect(new Set(answers).size).toBe(1);
  // Each instance on its own would have allowed three; together they issued three. A link
  // superseded by the next request from the same browser before its email left is dropped,
  // never mailed, so between one and three emails arrive; the newest always does.
  await expect
    .poll(
      async () =>
        (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = $1 AND status = 'PENDING'`, [email])).rows[0]
          .n,
    )
    .toBe(0);
  const { rows } = await e2eDatabase().query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, [email]);
  expect(rows[0].n).toBe(3);
  const newest = await latestAttemptFor(email);
  const mailed = mailTo(email).filter((message) => /^Sign in to /.test(message.subject));
  expect(mailed.length).toBeGreaterThanOrEqual(1);
  expect(mailed.length).toBeLessThanOrEqual(3);
  expect(mailed.some((message) => signInLinkFrom(message).includes(`/verify/${newest!.id}#`))).toBe(true);
});

test("signing out through instance A ends the session on instance B at once", async ({ browser }) => {
  const email = uniqueEmail("scale-revoke");
  const laptop = await device(browser, "a");
  await requestLink(laptop.page, email);
  await laptop.page.goto(signInLinkFrom((await waitForMail(email))[0]));
  await expect(laptop.page).toHaveURL(/\/account$/);

  // The same session cookie, used by a browser whose requests land on B.
  const copy = await device(browser, "b");
  await copy.context.addCookies(await laptop.context.cookies());
  await copy.page.goto("/account");
  await expect(copy.page.getByTestId("account-email")).toHaveText(email);

  const signingOut = answeredBy(laptop.page);
  await laptop.page.getByRole("button", { name: "Sign out" }).click();
  await expect(laptop.page).toHaveURL(/\/signin\?signedOut=1$/);
  signingOut.stop();
  expect(signingOut.instances()).toEqual(new Set(["a"]));
  await copy.page.goto("/account");
  await expect(copy.page).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  expect(await sessionCountFor(email)).toBe(0);
  await laptop.context.close();
  await copy.context.close();
});

test("cross-device approval started on instance A completes on instance B", async ({ browser }) => {
  const email = uniqueEmail("scale-approve");
  const laptop = await device(browser, "a");
  const phone = await device(browser, "a");
  await requestLink(laptop.page, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);

  // A opens the link on the phone and issues the number challenge.
  await phone.page.goto(link);
  await expect(phone.page.getByText("This link was requested on another device")).toBeVisible();

  // From here on both devices talk to B: the laptop's polling, the phone's pick, the laptop's finish.
  await laptop.routeTo("b");
  await phone.routeTo("b");
  const laptopCalls = answeredBy(laptop.page).seen;
  const phoneCalls = answeredBy(phone.page).seen;
  const shown = (await laptop.page.getByTestId("approval-number").textContent({ timeout: 15_000 }))!.trim();
  await phone.page.getByLabel("Number shown on that device").fill(shown);
  await phone.page.getByRole("button", { name: "Approve sign-in" }).click();
  await expect(phone.page.getByText("Approved")).toBeVisible();
  await expect(laptop.page).toHaveURL(/\/account$/, { timeout: 15_000 });
  await expect(laptop.page.getByTestId("account-email")).toHaveText(email);
  expect(phoneCalls["/api/sign-in/approve"]).toEqual(["b"]);
  expect(laptopCalls["/api/sign-in/finish"]).toEqual(["b"]);
  expect((await latestAttemptFor(email))?.redeemedVia).toBe("cross-device-approval");
  expect(await sessionCountFor(email)).toBe(1);
  await laptop.context.close();
  await phone.context.close();
});
