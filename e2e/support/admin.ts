import { expect, type Browser } from "@playwright/test";
import { e2eDatabase } from "./database";
import { newDevice, signIn, uniqueEmail } from "./people";
import { enrolAuthenticatorApp, totpCode } from "./totp";

/**
 * A fresh administrator who has done what the console requires: signed in by email,
 * enrolled an authenticator app, and stepped up with it (admin.access).
 */
export async function steppedUpAdmin(browser: Browser) {
  const email = uniqueEmail("admin");
  const context = await newDevice(browser);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, email);
  await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [email]);

  const secret = await enrolAuthenticatorApp(page);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/step-up\?policy=admin\.access/);
  // Enrolment used this time step; the server never accepts a step twice, so use the next one.
  await page.getByLabel("Code from your authenticator app").fill(await totpCode(secret, Date.now() + 30_000));
  await page.getByRole("button", { name: "Confirm with code" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return { email, context, page };
}
