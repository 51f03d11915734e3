import { expect, test, type Page } from "@playwright/test";
import { signInCodeFrom, signInLinkFrom, waitForMail } from "./support/mailbox";
import { eventTypesFor, latestAttemptFor } from "./support/database";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

async function enterCode(page: Page, code: string) {
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
}

function wrongCodeFor(right: string, index: number): string {
  return String((Number(right) + 1 + index) % 1_000_000).padStart(6, "0");
}

test("the right code signs in, in the tab that asked", async ({ browser }) => {
  const email = uniqueEmail("code-right");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const code = signInCodeFrom((await waitForMail(email))[0]);
  await enterCode(page, wrongCodeFor(code, 0));
  await expect(page.getByText(/4 tries left/)).toBeVisible();
  await enterCode(page, code);
  await expect(page).toHaveURL(/\/account$/);
  expect((await latestAttemptFor(email))?.redeemedVia).toBe("code");
  await context.close();
});

test("five wrong codes kill the attempt: the right code and the link stop working", async ({ browser }) => {
  const email = uniqueEmail("code-wrong");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const message = (await waitForMail(email))[0];
  const code = signInCodeFrom(message);
  for (let index = 0; index < 5; index++) await enterCode(page, wrongCodeFor(code, index));
  await expect(page.getByText(/Too many wrong codes/i).first()).toBeVisible();

  // The tab stops offering the code box; the right code posted anyway is refused.
  await expect(page.getByLabel("6-digit code")).toHaveCount(0);
  const origin = new URL(page.url()).origin;
  const posted = await context.request.post(`${origin}/api/sign-in/code`, { form: { code }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(posted.headers()["location"]).toMatch(/check-email\?error=cancelled/);
  await page.goto(signInLinkFrom(message));
  await expect(page.getByText(/cancelled|too many/i).first()).toBeVisible();
  await expect(page).not.toHaveURL(/\/account$/);

  const attempt = await latestAttemptFor(email);
  expect(attempt).toMatchObject({ status: "CANCELLED", failureReason: "too-many-tries", codeFailures: 5 });
  expect((await eventTypesFor(attempt!.id)).filter((type) => type === "code.failed")).toHaveLength(5);
  await context.close();
});

test("a code only works in the browser that asked for it", async ({ browser }) => {
  const email = uniqueEmail("code-other");
  const laptop = await newDevice(browser);
  const other = await newDevice(browser);
  const laptopPage = await laptop.newPage();
  await requestLink(laptopPage, email);
  const code = signInCodeFrom((await waitForMail(email))[0]);
  const otherPage = await other.newPage();
  await otherPage.goto("/signin/check-email");
  await enterCode(otherPage, code);
  await expect(otherPage).not.toHaveURL(/\/account$/);
  await expect(otherPage.getByText(/browser where you asked/i).first()).toBeVisible();
  await enterCode(laptopPage, code);
  await expect(laptopPage).toHaveURL(/\/account$/);
  await laptop.close();
  await other.close();
});
