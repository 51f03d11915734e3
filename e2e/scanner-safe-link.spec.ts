import { expect, test } from "@playwright/test";
import { signInLinkFrom, waitForMail } from "./support/mailbox";
import { eventTypesFor, latestAttemptFor, e2eDatabase } from "./support/database";
import { newDevice, requestLink, uniqueEmail } from "./support/people";

test("a mail scanner's HEAD and GET do not burn the link; the person's click still signs in", async ({ browser, request }) => {
  const email = uniqueEmail("scanner");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await requestLink(page, email);
  const link = signInLinkFrom((await waitForMail(email))[0]);

  // What Safe Links and friends do: fetch the URL (the fragment never leaves the client) without cookies.
  const scanner = { "User-Agent": "Mozilla/5.0 (compatible; Microsoft Office/16.0; Safe Links)", "X-Forwarded-For": "40.94.12.34" };
  const head = await request.fetch(link, { method: "HEAD", headers: scanner });
  expect(head.status()).toBeLessThan(400);
  const get = await request.get(link, { headers: scanner });
  expect(get.status()).toBe(200);
  expect(await get.text()).not.toContain(link.split("#")[1]);

  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);

  const attempt = await latestAttemptFor(email);
  expect(attempt?.status).toBe("REDEEMED");
  const events = await eventTypesFor(attempt!.id);
  expect(events.filter((type) => type === "link.fetched").length).toBeGreaterThanOrEqual(3);
  const { rows } = await e2eDatabase().query(
    `SELECT details->>'likelyScanner' AS scanner, details->>'scannerName' AS name FROM "AuditEvent" WHERE "attemptId" = $1 AND type = 'link.fetched' ORDER BY seq`,
    [attempt!.id],
  );
  expect(rows[0]).toMatchObject({ scanner: "true" });
  expect(rows.at(-1)).toMatchObject({ scanner: "false" });
  expect(events).toEqual(expect.arrayContaining(["link.opened", "link.confirmed", "attempt.redeemed", "session.created"]));
  await context.close();
});
