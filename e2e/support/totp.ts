import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";

/**
 * The code an authenticator app would show for `secret` at `at`. Step-ups right after an
 * enrolment pass `Date.now() + 30_000`: the server accepts one step of drift but never a
 * time step twice, so the next step's code is the one a person would type next.
 */
export function totpCode(secret: string, at: number = Date.now()): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, ""), epoch: Math.floor(at / 1000) });
}

/** A code that is wrong for every time step the server would accept right now. */
export async function totpCodeNotNear(secret: string): Promise<string> {
  const near = new Set(await Promise.all([-60_000, -30_000, 0, 30_000, 60_000].map((offset) => totpCode(secret, Date.now() + offset))));
  let candidate = 0;
  while (near.has(String(candidate).padStart(6, "0"))) candidate += 1;
  return String(candidate).padStart(6, "0");
}

/**
 * Sets up an authenticator app on /account/security the way a person does (the page must
 * accept confirm() dialogs) and returns its secret. The enrolment spends the current time step.
 */
export async function enrolAuthenticatorApp(page: Page): Promise<string> {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
  await page.getByLabel("6-digit code").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("totp-status")).toBeVisible();
  return secret;
}
