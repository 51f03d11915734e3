import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signInCodeFrom, signInLinkFrom, waitForMail } from "./support/mailbox";
import { e2eDatabase, latestAttemptFor, sessionCountFor } from "./support/database";
import { newDevice, requestLink, uniqueEmail, uniqueIp } from "./support/people";
import { instanceUrl, type InstanceName } from "../test/support/e2e-instances";

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

/** The approving device types the number the requesting tab shows, as a person does. */
async function typeApprovalNumber(phonePage: Page, number: string) {
  await phonePage.getByLabel("Number shown on that device").fill(number);
  await phonePage.getByRole("button", { name: "Approve sign-in" }).click();
}

test.describe("approve policy (default): number matching", () => {
  test("the phone approves the laptop's sign-in by typing the number the laptop shows", async ({ browser }) => {
    const email = uniqueEmail("approve");
    const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "approve");
    await requestLink(laptopPage, email);

    await phonePage.goto(await linkFor(email, "approve"));
    await expect(phonePage.getByText("This link was requested on another device")).toBeVisible();
    await expect(phonePage.getByText("Chrome on Linux")).toBeVisible();
    // Nothing to tap blindly: no number is offered on the approving device.
    await expect(phonePage.getByRole("button", { name: /^\d\d$/ })).toHaveCount(0);

    const shown = (await laptopPage.getByTestId("approval-number").textContent({ timeout: 10_000 }))!.trim();
    await typeApprovalNumber(phonePage, shown);
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

  test("a wrong number cancels the attempt, nobody signs in, and the laptop stops offering the code", async ({ browser }) => {
    const email = uniqueEmail("approve-wrong");
    const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "approve");
    await requestLink(laptopPage, email);
    await phonePage.goto(await linkFor(email, "approve"));
    const shown = (await laptopPage.getByTestId("approval-number").textContent({ timeout: 10_000 }))!.trim();

    await typeApprovalNumber(phonePage, shown === "42" ? "43" : "42");
    await expect(phonePage.getByText("That was not the number")).toBeVisible();
    await expect(laptopPage.getByText(/cancelled/i).first()).toBeVisible({ timeout: 10_000 });
    await expect(laptopPage.getByLabel("6-digit code")).toHaveCount(0);
    const attempt = await latestAttemptFor(email);
    expect(attempt).toMatchObject({ status: "CANCELLED", failureReason: "wrong-number" });
    expect(await sessionCountFor(email)).toBe(0);
    await laptop.close();
    await phone.close();
  });

  test('"I didn\'t request this" stops the sign-in, tells the owner and raises an alert', async ({ browser }) => {
    const email = uniqueEmail("approve-report");
    const { laptop, phone, laptopPage, phonePage } = await twoDevices(browser, "approve");
    await requestLink(laptopPage, email);
    await phonePage.goto(await linkFor(email, "approve"));
    await phonePage.getByRole("button", { name: "I didn't request this" }).click();
    await expect(phonePage.getByText("Sign-in stopped")).toBeVisible();
    await expect(laptopPage.getByText("Sign-in stopped")).toBeVisible({ timeout: 10_000 });

    const attempt = await latestAttemptFor(email);
    expect(attempt).toMatchObject({ status: "CANCELLED", failureReason: "not-requested" });
    await waitForMail(email, { subject: /didn't ask for/ });
    const { rows } = await e2eDatabase().query(
      `SELECT count(*)::int AS n FROM "Alert" WHERE "attemptId" = $1 AND kind = 'unrequested-sign-in'`,
      [attempt!.id],
    );
    expect(rows[0].n).toBe(1);
    await laptop.close();
    await phone.close();
  });

  test("30 attacker-started sign-ins, each answered with a random number on the victim's device: at most 3 get in", async ({
    playwright,
  }) => {
    const origin = instanceUrl("approve");
    let approved = 0;
    for (let trial = 0; trial < 30; trial++) {
      // The attacker asks for a link for the victim's address from their own browser...
      const attacker = await playwright.request.newContext({
        baseURL: origin,
        extraHTTPHeaders: { Origin: origin, "X-Forwarded-For": uniqueIp() },
      });
      const victim = await playwright.request.newContext({
        baseURL: origin,
        extraHTTPHeaders: { Origin: origin, "X-Forwarded-For": uniqueIp() },
      });
      const email = uniqueEmail("blind");
      expect((await attacker.post("/api/sign-in/request", { data: { email } })).status()).toBe(200);
      // ...and the victim opens it and types a number without seeing the attacker's screen.
      const link = new URL(signInLinkFrom((await waitForMail(email))[0]));
      const attemptId = link.pathname.split("/").at(-1)!;
      const token = link.hash.slice(1);
      const opened = await (await victim.post("/api/sign-in/open", { data: { attemptId, token } })).json();
      expect(opened.view.state).toBe("approve-for-original");
      // A blind tap on whatever the page offers: one of its numbers if it lists some, else any two digits.
      const offered = opened.view.choices as number[] | undefined;
      const guess = offered ? offered[randomInt(offered.length)] : 10 + randomInt(90);
      const answer = await (await victim.post("/api/sign-in/approve", { data: { attemptId, token, number: guess } })).json();
      if (answer.approved) approved += 1;
      await attacker.dispose();
      await victim.dispose();
    }
    console.log(`blind approvals: ${approved} of 30 (expected about 1 in 90; three buttons gave about 1 in 3)`);
    expect(approved).toBeLessThanOrEqual(3);
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
