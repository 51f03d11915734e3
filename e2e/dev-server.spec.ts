import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { readMailbox } from "../lib/mail/mailbox";
import { latestAttemptFor } from "./support/database";
import { E2E_SHARED_ENV } from "../test/support/e2e-instances";
import { e2eDatabaseUrl, EXTRA_PORTS } from "../test/support/e2e-instances-extra";
import { signInCodeFrom, signInLinkFrom } from "./support/mailbox";
import { DESKTOP_CHROME, uniqueEmail } from "./support/people";

/**
 * `npm run dev` as a newcomer meets it: the first screen ends on where to go, not on
 * migrations or warnings; the sign-in path is compiled before the first person arrives; and
 * the terminal never shows a code, a link's secret, a grant or an address, whatever the
 * development server logs about requests and server functions.
 */
test("npm run dev: the first screen ends on the app and the mailbox, and no code, token or address reaches the terminal", async ({
  browser,
}) => {
  test.setTimeout(420_000); // The development server compiles every page it serves, on a shared machine.
  const port = EXTRA_PORTS.devServer;
  const appUrl = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "dev-server-"));
  let output = "";
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/run-app.ts", "dev"], {
    env: {
      ...process.env,
      ...E2E_SHARED_ENV,
      // Its own mail catcher (the one `npm run dev` starts) and the e2e database, not migrated on start.
      EMAIL_SERVER: undefined,
      DEV_SMTP_PORT: String(EXTRA_PORTS.devServerMail),
      DATA_DIR: dataDir,
      DATABASE_URL: e2eDatabaseUrl(),
      PORT: String(port),
      AUTH_URL: appUrl,
      HOST: undefined,
      NODE_ENV: "development",
      RATE_LIMIT_NAMESPACE: "dev-server",
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await expect
      .poll(() => output, { timeout: 360_000, message: "the dev server's ready banner" })
      .toContain("the first sign-in is quick now");
    // The first screen ends on the mailbox and the app's address; the warm-up's requests,
    // migrations and Prisma's warnings stay out of it.
    const firstScreen = output.trimEnd().split("\n");
    expect(firstScreen.slice(-3)).toEqual([
      expect.stringContaining(`Mailbox   ${appUrl}/dev/mailbox`),
      `  App       ${appUrl}`,
      expect.stringMatching(/^─+$/),
    ]);
    expect(output).not.toContain("warm-up");
    expect(output).not.toContain("will NOT be used");
    expect(output).not.toContain("migration.sql");

    // A person signs in with the code from the email, in the tab that asked.
    const email = uniqueEmail("dev-server");
    const context = await browser.newContext({ baseURL: appUrl, userAgent: DESKTOP_CHROME });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto("/signin");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page).toHaveURL(/\/signin\/check-email$/);
    const mailbox = path.join(dataDir, "mailbox");
    // The development server compiles the mail path on first use: allow it the time.
    await expect.poll(() => readMailbox(mailbox, email).length, { timeout: 60_000 }).toBeGreaterThan(0);
    const [message] = readMailbox(mailbox, email);
    const code = signInCodeFrom(message);
    await page.getByLabel("6-digit code").fill(code);
    await page.getByRole("button", { name: "Sign in with code" }).click();
    await expect(page).toHaveURL(/\/account$/, { timeout: 60_000 });
    console.log(`first sign-in on a fresh development server: ${((Date.now() - started) / 1000).toFixed(1)} s from the form to /account`);

    // And with the link, in another browser of the same person (the Auth.js callback carries a grant and the address).
    const second = await browser.newContext({ baseURL: appUrl, userAgent: DESKTOP_CHROME });
    const secondPage = await second.newPage();
    await secondPage.goto("/signin");
    await secondPage.getByLabel("Email address").fill(email);
    await secondPage.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(secondPage).toHaveURL(/\/signin\/check-email$/);
    await expect.poll(() => readMailbox(mailbox, email).length, { timeout: 60_000 }).toBe(2);
    const link = signInLinkFrom(readMailbox(mailbox, email)[0]);
    await secondPage.goto(link);
    await expect(secondPage).toHaveURL(/\/account$/, { timeout: 60_000 });
    expect((await latestAttemptFor(email))?.status).toBe("REDEEMED");
    await context.close();
    await second.close();

    // The terminal logged the requests (so the check below can fail)...
    expect(output).toMatch(/GET \/signin\b/);
    expect(output).toMatch(/POST \/api\/sign-in\/code/);
    // ...but none of the secrets or the address.
    const linkSecret = new URL(link).hash.slice(1);
    for (const [what, secret] of [
      ["address", email],
      ["address, URL-encoded", encodeURIComponent(email)],
      ["code", code],
      ["link secret", linkSecret],
    ]) {
      expect(output.includes(secret), `the ${what} appears in the dev server's output`).toBe(false);
    }
    expect(output).not.toMatch(/[?&]token=/);
  } finally {
    await test.info().attach("dev-server-output", { body: output, contentType: "text/plain" });
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
