import { expect, test, type Page } from "@playwright/test";
import { signInCodeFrom, signInLinkFrom, waitForMail } from "./support/mailbox";
import { latestAttemptFor, sessionCountFor } from "./support/database";
import { newDevice, requestLink, uniqueEmail } from "./support/people";
import { instanceUrl, type InstanceName } from "./support/instances";

const PHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

/** The link opened on the instance under test: links are built from that instance's AUTH_URL. */
async function linkFor(email: string, instance: InstanceName) {
  const link = signInLinkFrom((await waitForMail(email))[0]);
  expect(link.startsWith(instanceUrl(instance))).toBe(true);
  return link;
}

async function twoDevices(browser: Parameters<typeof newDevice>[0], instance: InstanceName) {
  const laptop = await newDevice(browser, { instance });
  const phone = await newDevice(browser, { instance, userAgent: PHONE });
  return { laptop, phone, laptopPage: await laptop.newPage(), phonePage: await phone.newPage() };
}

test.describe("approve policy (default): number matching", () => {
  test("the phone approves the laptop's sign-in by picking the number the laptop shows", async ({ browser }) => {
    const email = uniqueEmail("approve");
    const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "approve");
    await requestLink(laptopPage, email);

    await phonePage.goto(await linkFor(email, "approve"));
    await expect(phonePage.getByText("This link was requested on another device")).toBeVisible();
    await expect(phonePage.getByText("Chrome on Linux")).toBeVisible();

    const shown = (await laptopPage.getByTestId("approval-number").textContent({ timeout: 10_000 }))!.trim();
    await phonePage.getByRole("button", { name: shown, exact: true }).click();
    await expect(phonePage.getByText("Approved")).toBeVisible();

    await expect(laptopPage).toHaveURL(/\/account$/, { timeout: 15_000 });
    await expect(laptopPage.getByTestId("account-email")).toHaveText(email);
    // The approving device gets no session.
    await phonePage.goto("/account");
    await expect(phonePage).toHaveURL(/\/signin/);
    expect(await sessionCountFor(email)).toBe(1);
    expect((await latestAttemptFor(email))?.redeemedVia).toBe("cross-device-approval");
    await laptop.close();
    await phone.close();
  });

  test("a wrong pick cancels the attempt and nobody signs in", async ({ browser }) => {
    const email = uniqueEmail("approve-wrong");
    const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "approve");
    await requestLink(laptopPage, email);
    await phonePage.goto(await linkFor(email, "approve"));
    const shown = (await laptopPage.getByTestId("approval-number").textContent({ timeout: 10_000 }))!.trim();

    const wrong = phonePage
      .locator("fieldset button")
      .filter({ hasNotText: new RegExp(`^${shown}$`) })
      .first();
    await wrong.click();
    await expect(phonePage.getByText("That was not the number")).toBeVisible();
    await expect(laptopPage.getByText(/cancelled/i).first()).toBeVisible({ timeout: 10_000 });
    const attempt = await latestAttemptFor(email);
    expect(attempt).toMatchObject({ status: "CANCELLED", failureReason: "wrong-number" });
    expect(await sessionCountFor(email)).toBe(0);
    await laptop.close();
    await phone.close();
  });
});

test("strict policy: another device is refused and pointed to the code", async ({ browser }) => {
  const email = uniqueEmail("strict");
  const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "strict");
  await requestLink(laptopPage, email);
  const message = (await waitForMail(email))[0];
  await phonePage.goto(await linkFor(email, "strict"));
  await expect(phonePage.getByText(/Open the link in the browser where you asked/i)).toBeVisible();
  await phonePage.goto("/account");
  await expect(phonePage).toHaveURL(/\/signin/);

  // The code from the same email still works in the tab that asked.
  await enterCode(laptopPage, signInCodeFrom(message));
  await expect(laptopPage).toHaveURL(/\/account$/);
  await laptop.close();
  await phone.close();
});

test("allow policy: another device signs in after an explicit confirmation", async ({ browser }) => {
  const email = uniqueEmail("allow");
  const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "allow");
  await requestLink(laptopPage, email);
  await phonePage.goto(await linkFor(email, "allow"));
  const confirm = phonePage.getByRole("button", { name: /^Sign in on this device as a/ });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText("•••@example.com");
  await confirm.click();
  await expect(phonePage).toHaveURL(/\/account$/);
  await expect(phonePage.getByTestId("account-email")).toHaveText(email);
  expect((await latestAttemptFor(email))?.redeemedVia).toBe("other-device-confirmed");
  await laptop.close();
  await phone.close();
});

async function enterCode(page: Page, code: string) {
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in with code" }).click();
}
