import { expect, test, type Request } from "@playwright/test";
import { latestAttemptFor } from "./support/database";
import { signInCodeFrom, signInLinkFrom, waitForMail } from "./support/mailbox";
import { newDevice, uniqueEmail } from "./support/people";

/**
 * A browser's binding secret must be settled before a page can send two requests at once. On a
 * first visit, /signin asks for passkey options (autofill) while the person submits the form:
 * if each request minted a secret of its own, whichever answer arrived last would win, and the
 * attempt (or its grant) would belong to a secret the browser no longer has. Over a slow
 * network that is every first sign-in: "This link has already been used" for the right code.
 */
test.describe("a first visit has one binding from its first page", () => {
  test("the page itself gives the browser its binding secret, before any script runs", async ({ browser }) => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    const response = await page.goto("/signin");
    const setCookies = (await response!.headersArray()).filter((header) => header.name.toLowerCase() === "set-cookie");
    expect(setCookies.map((header) => header.value).join("\n")).toMatch(/(^|\n)(__Host-)?device=[A-Za-z0-9_-]{43};.*HttpOnly/i);
    // A browser that has one keeps it: the next page does not hand out another.
    const again = await page.goto("/signin");
    const setAgain = (await again!.headersArray()).filter((header) => header.name.toLowerCase() === "set-cookie");
    expect(setAgain.map((header) => header.value).join("\n")).not.toMatch(/(^|\n)(__Host-)?device=/);
    await context.close();
  });

  for (const proof of ["code", "link"] as const) {
    test(`the autofill's answer arriving late cannot strand the ${proof}: it signs in the tab that asked`, async ({ browser }) => {
      const email = uniqueEmail(`first-visit-${proof}`);
      const context = await newDevice(browser);
      const page = await context.newPage();
      // A slow network: the passkey options' request, sent on load with the cookies the browser
      // had then, reaches the server only when released, and its answer comes back then.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let optionsAsked = false;
      await page.route("**/api/sign-in/passkey/options", async (route) => {
        optionsAsked = true;
        await released;
        await route.fulfill(await sendAsItWas(route.request()));
      });
      const optionsAnswered = page.waitForResponse("**/api/sign-in/passkey/options");
      await page.goto("/signin");
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await expect(page).toHaveURL(/\/signin\/check-email$/);
      expect(optionsAsked, "the sign-in page asks for passkey options on load").toBe(true);

      const [message] = await waitForMail(email);
      if (proof === "code") {
        // The late answer lands between the code's acceptance (answered 303 to Auth.js's
        // callback) and the browser following that redirect.
        await page.route("**/api/sign-in/code", async (route) => {
          // Sent as the browser sends this form (Sec-Fetch-Site is added below the interception point).
          const headers = { ...(await route.request().allHeaders()), "sec-fetch-site": "same-origin" };
          const accepted = await route.fetch({ maxRedirects: 0, headers });
          release();
          await optionsAnswered;
          await route.fulfill({ response: accepted });
        });
        await page.getByLabel("6-digit code").fill(signInCodeFrom(message));
        await page.getByRole("button", { name: "Sign in with code" }).click();
      } else {
        release();
        await optionsAnswered;
        await page.goto(signInLinkFrom(message));
      }
      await expect(page).toHaveURL(/\/account$/);
      expect((await latestAttemptFor(email))?.status).toBe("REDEEMED");
      await context.close();
    });
  }
});

/** Sends an intercepted request from here, with the headers it left the browser with (no cookies added since). */
async function sendAsItWas(request: Request) {
  const headers = Object.fromEntries(
    Object.entries(request.headers()).filter(([name]) => !["host", "connection", "content-length"].includes(name)),
  );
  const answer = await fetch(request.url(), { method: request.method(), headers, body: request.postData() ?? undefined });
  const rest = Object.fromEntries([...answer.headers].filter(([name]) => name !== "set-cookie"));
  const cookies = answer.headers.getSetCookie();
  return {
    status: answer.status,
    // Each cookie on its own line, as Playwright takes several: a joined header would set one.
    headers: cookies.length > 0 ? { ...rest, "set-cookie": cookies.join("\n") } : rest,
    body: Buffer.from(await answer.arrayBuffer()),
  };
}
