import { expect, test, type Page } from "@playwright/test";
import { steppedUpAdmin } from "./support/admin";
import { latestAttemptFor } from "./support/database";
import { instanceUrl } from "../test/support/e2e-instances";

/**
 * Every page answers with its own nonce-based Content-Security-Policy: no 'unsafe-inline' for
 * scripts, every script Next.js writes carries this answer's nonce, the pages still work, and a
 * script injected without the nonce never runs.
 */
const NONCE = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/;

async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}
// A page may move on by itself (a client-side redirect): a destroyed context just means "ask again".
const nextRuntimeRan = (page: Page) =>
  page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version === "string").catch(() => false);
const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test("every page carries a fresh nonce on its policy and on each of its scripts, and runs without a violation", async ({ browser }) => {
  test.slow(); // An administrator's sign-in, enrolment and twenty pages on a shared machine.
  const { context, page, email } = await steppedUpAdmin(browser);
  await watchViolations(page);
  const attempt = await latestAttemptFor(email);
  const user = await page.request.get("/admin/users");
  const userPath = /href="(\/admin\/users\/[a-z0-9]+)"/.exec(await user.text())?.[1];
  expect(userPath).toBeTruthy();
  const paths = [
    "/",
    "/signin",
    "/signin/check-email",
    "/signin/failed?error=expired",
    "/signin/awaiting-approval",
    "/secure-account",
    "/secure-account/recover",
    "/factor-reset",
    `/verify/${attempt!.id}`,
    "/account",
    "/account/security",
    "/account/email",
    "/account/email/confirm",
    "/account/email/revert",
    "/step-up?policy=account.manageFactors",
    "/admin",
    "/admin/attempts",
    `/admin/attempts/${attempt!.id}`,
    "/admin/users",
    userPath!,
    "/admin/alerts",
    "/admin/suppressions",
    "/admin/audit",
    "/admin/api-tokens",
    "/a-page-that-does-not-exist",
  ];
  const nonces = new Set<string>();
  for (const path of paths) {
    // The answer as the server wrote it (the browser hides nonce attributes from the DOM).
    const answer = await page.request.get(path);
    const policy = answer.headers()["content-security-policy"] ?? "";
    const scriptSrc = policy.split("; ").find((directive) => directive.startsWith("script-src"));
    expect(scriptSrc, `${path}: script-src`).toBeTruthy();
    expect(scriptSrc, `${path}: script-src`).not.toContain("'unsafe-inline'");
    expect(policy, path).toContain("frame-ancestors 'none'");
    const nonce = NONCE.exec(policy)?.[1];
    expect(nonce, `${path}: nonce in ${policy}`).toBeTruthy();
    nonces.add(nonce!);
    const scriptTags = (await answer.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length, `${path}: scripts`).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(tag, path).toContain(`nonce="${nonce}"`);
    // The same page in the browser: it runs under its policy.
    await page.goto(path);
    // Next.js's own nonce-carrying scripts ran (its client runtime announces itself), nothing was blocked.
    await expect.poll(() => nextRuntimeRan(page), path).toBe(true);
    await page.waitForLoadState();
    expect(await violations(page), path).toEqual([]);
  }
  expect(nonces.size, "a new nonce for every answer").toBe(paths.length);
  // Pages still work under the policy: a client-side form submission and navigation.
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await context.close();
});

test("markup injected into a page cannot run a script or a handler; the page's own scripts keep working", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: instanceUrl("approve") });
  const page = await context.newPage();
  await watchViolations(page);
  // What an HTML injection would do: the server's answer, headers untouched, with markup added.
  await page.route("**/signin", async (route) => {
    const original = await route.fetch();
    const injected = (await original.text()).replace(
      "<body",
      `<script>window.injectedScriptRan = true</script><img src="data:,x" onerror="window.injectedHandlerRan = true"><body`,
    );
    await route.fulfill({ response: original, body: injected });
  });
  await page.goto("/signin");
  await expect.poll(() => nextRuntimeRan(page)).toBe(true);
  await expect
    .poll(() => violations(page))
    .toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem inline/), expect.stringMatching(/^script-src-attr inline/)]));
  const ran = await page.evaluate(() => {
    const flags = window as unknown as { injectedScriptRan?: boolean; injectedHandlerRan?: boolean };
    return { script: flags.injectedScriptRan === true, handler: flags.injectedHandlerRan === true };
  });
  expect(ran).toEqual({ script: false, handler: false });
  await context.close();
});

test("route handlers answer with a policy that lets nothing load", async ({ request }) => {
  const answer = await request.get(`${instanceUrl("approve")}/api/health/db`);
  expect(answer.headers()["content-security-policy"]).toContain("default-src 'none'");
});
