import { expect, test } from "@playwright/test";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

/**
 * The most common way people sign in: ask in one tab, open the link from the mail client in a
 * new tab of the same browser. Both tabs share one cookie jar and must both end signed in.
 */
test("asked in tab A, link opened in tab B: both tabs end on /account showing the address", async ({ browser }) => {
  const email = uniqueEmail("two-tabs");
  const context = await newDevice(browser);
  const asking = await context.newPage();
  await requestLink(asking, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);

  const opened = await context.newPage();
  await opened.goto(link);
  for (const tab of [opened, asking]) {
    await expect(tab).toHaveURL(/\/account$/, { timeout: 20_000 });
    await expect(tab.getByTestId("account-email")).toHaveText(email);
  }
  await context.close();
});
