import { spawnSync } from "node:child_process";
import { expect, type Browser, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { E2E_SHARED_ENV, instanceUrl, type InstanceName } from "../../test/support/e2e-instances";
import { newDevice, signIn, uniqueEmail } from "./people";
import { enrolAuthenticatorApp } from "./totp";

/**
 * `npm run admin:invite <email>` against the e2e database, as an operator runs it on the
 * server; returns the invitation code it printed.
 */
export function adminInvitationFor(email: string, instance: InstanceName = "approve"): string {
  const result = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/admin-invite.ts", email], {
    env: { ...process.env, ...E2E_SHARED_ENV, DATABASE_URL: process.env.E2E_DATABASE_URL, AUTH_URL: instanceUrl(instance) },
    encoding: "utf8",
  });
  const code = /^\s+([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})$/m.exec(result.stdout)?.[1];
  if (result.status !== 0 || !code) throw new Error(`admin:invite failed (${result.status}): ${result.stderr || result.stdout}`);
  return code;
}

/** Types an invitation code where the security page sends an administrator without a factor. */
export async function redeemInvitation(page: Page, code: string) {
  await page.goto("/account/security");
  await page.getByRole("link", { name: "Enter an invitation code" }).click();
  await page.getByLabel("Invitation code").fill(code);
  await page.getByRole("button", { name: "Use invitation" }).click();
  await expect(page).toHaveURL(/\/account\/security/);
}

/**
 * A fresh administrator who has done what the console requires: signed in by email, set up
 * an authenticator app with an invitation from the command line (which counts as a fresh
 * TOTP proof for admin.access), and can open /admin.
 */
export async function steppedUpAdmin(browser: Browser) {
  const email = uniqueEmail("admin");
  const context = await newDevice(browser);
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, email);
  await e2eDatabase().query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [email]);
  await redeemInvitation(page, adminInvitationFor(email));
  const secret = await enrolAuthenticatorApp(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin$/);
  return { email, context, page, secret };
}
