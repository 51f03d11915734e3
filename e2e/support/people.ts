import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { instanceUrl, type InstanceName } from "../../test/support/e2e-instances";
import { mailTo, signInLinkFrom, waitForMail } from "./mailbox";

/** A fresh address for each test, so tests never see each other's mail. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.com`;
}

/** A fresh documentation-range IP for each context (instances trust the tests' X-Forwarded-For from loopback). */
export function uniqueIp(): string {
  const bytes = randomBytes(2);
  return `198.51.${bytes[0]}.${(bytes[1] % 250) + 1}`;
}

/** What a person's desktop Chrome sends (Playwright's default says HeadlessChrome, which we treat as a bot). */
export const DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** A browser context that looks like its own device on its own network. */
export async function newDevice(
  browser: Browser,
  options: { instance?: InstanceName; ip?: string; userAgent?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: instanceUrl(options.instance ?? "approve"),
    extraHTTPHeaders: { "X-Forwarded-For": options.ip ?? uniqueIp() },
    userAgent: options.userAgent ?? DESKTOP_CHROME,
  });
}

/** Types the address into /signin like a person and waits for the check-your-email page. */
export async function requestLink(page: Page, email: string, callbackUrl?: string, origin = ""): Promise<void> {
  await page.goto(`${origin}/signin${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/signin\/check-email$/);
}

/** Requests a link and signs in by opening it in the same browser. */
export async function signIn(page: Page, email: string): Promise<void> {
  await requestLink(page, email);
  // By subject: notices (a new-device sign-in, say) go to the same inbox.
  const [message] = await waitForMail(email, { subject: /^Sign in to / });
  await page.goto(signInLinkFrom(message));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

/** Signs the same person in again (e.g. on another device): waits for one more sign-in email than before. */
export async function signInAgain(page: Page, email: string) {
  const earlier = mailTo(email).filter((message) => /^Sign in to /.test(message.subject)).length;
  await requestLink(page, email);
  const [newest] = await waitForMail(email, { count: earlier + 1, subject: /^Sign in to / });
  await page.goto(signInLinkFrom(newest));
  await expect(page).toHaveURL(/\/account$/);
}

/**
 * What Auth.js's own session endpoint answers for a copy of this browser's cookies (a copy,
 * because its answer to "no session" also drops the cookie).
 */
export async function authJsSessionIn(browser: Browser, context: BrowserContext): Promise<unknown> {
  const probe = await newDevice(browser);
  await probe.addCookies(await context.cookies());
  const answer = await (await probe.request.get("/api/auth/session")).json();
  await probe.close();
  return answer;
}
