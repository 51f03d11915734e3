import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { instanceUrl } from "../test/support/e2e-instances";
import { newDevice, signIn, uniqueEmail, uniqueIp } from "./support/people";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

const ORIGIN = instanceUrl("approve");
const REFUSED = "That passkey can't sign you in. Try another passkey, or get an email link instead.";

/** A credential as Chromium's WebAuthn domain exports it (private key included), to copy into another browser. */
type Credential = Awaited<ReturnType<typeof enrolPasskey>>["credential"];

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));

/** Sessions that began with a passkey (not the enrolling browser's, which proved one later). */
async function passkeySessions(email: string): Promise<number> {
  const { rows } = await e2eDatabase().query(
    `SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 AND s.amr[1] = 'passkey'`,
    [email],
  );
  return rows[0].n as number;
}

async function eventsOf(email: string, type: string) {
  const { rows } = await e2eDatabase().query(
    'SELECT e.reason, e.details, e."deviceHash" FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = $2 ORDER BY e.seq',
    [email, type],
  );
  return rows as Array<{ reason: string | null; details: Record<string, unknown>; deviceHash: string | null }>;
}

/** Signs up by email in one browser and adds a passkey there (the existing flow); returns the authenticator's copy of it. */
async function enrolPasskey(browser: Browser, label: string) {
  const email = uniqueEmail(label);
  const context = await newDevice(browser);
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(context, page);
  await signIn(page, email);
  await page.goto("/account/security");
  await page.getByLabel("Name for the new passkey").fill("Laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row").getByText("Laptop", { exact: true })).toBeVisible();
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId });
  expect(credentials).toHaveLength(1);
  // New registrations are discoverable: the browser can offer them before anyone types an address.
  expect(credentials[0].isResidentCredential).toBe(true);
  await context.close();
  return { email, credential: credentials[0] };
}

/**
 * A fresh browser whose virtual authenticator holds a copy of the credential (the same passkey,
 * synced). Chromium's virtual authenticator answers a conditional request at once, so /signin's
 * autofill signs such a browser in on load; `autofill: false` makes it a browser without
 * conditional mediation, where only the button asks.
 */
async function browserHolding(
  browser: Browser,
  credential: Credential,
  { autofill = true } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newDevice(browser);
  if (!autofill) {
    await context.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false, configurable: true });
    });
  }
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(context, page);
  await authenticator.cdp.send("WebAuthn.addCredential", { authenticatorId: authenticator.authenticatorId, credential });
  return { context, page };
}

/** Clicks the button, lets the browser sign the challenge, and keeps the answer from reaching the server. */
async function captureAssertion(page: Page): Promise<{ body: string; cookie: string }> {
  let resolve: (value: { body: string; cookie: string }) => void = () => undefined;
  const captured = new Promise<{ body: string; cookie: string }>((done) => (resolve = done));
  await page.route("**/api/sign-in/passkey/verify", async (route) => {
    const headers = await route.request().allHeaders();
    resolve({ body: route.request().postData() ?? "", cookie: headers.cookie ?? "" });
    await route.abort();
  });
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  const result = await captured;
  await page.unroute("**/api/sign-in/passkey/verify");
  return result;
}

test("a passkey signs in from /signin in a fresh browser (autofill), through Auth.js, audited as method passkey", async ({ browser }) => {
  const { email, credential } = await enrolPasskey(browser, "passkey-signin");
  const { context, page } = await browserHolding(browser, credential);
  const optionsAsked = page.waitForRequest(
    (request) => request.url().endsWith("/api/sign-in/passkey/options") && request.method() === "POST",
  );
  await page.goto("/signin");
  // The conditional request starts on load; the browser's autofill answers it and the page follows.
  await optionsAsked;
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByTestId("current-session")).toContainText("passkey");
  // Signed in with a passkey: no offer to add one.
  await expect(page.getByTestId("passkey-offer")).toHaveCount(0);

  // The cookie Auth.js sets for a link, with the same flags.
  expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // A passkey is a factor: the session was never held back, and this browser is now recognised.
  const { rows } = await e2eDatabase().query(
    `SELECT s."awaitingSignInFactor", s."attemptId", d."factorProvenAt" FROM "Session" s JOIN "User" u ON u.id = s."userId"
     JOIN "KnownDevice" d ON d."userId" = u.id AND d."deviceHash" = s."deviceHash" WHERE u.email = $1 AND s.amr[1] = 'passkey'`,
    [email],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ awaitingSignInFactor: false, attemptId: null });
  expect(rows[0].factorProvenAt).not.toBeNull();

  const created = await eventsOf(email, "session.created");
  expect(created.map((event) => event.details.method)).toEqual(["email", "passkey"]);
  expect(created[1].details).toMatchObject({ amr: ["passkey"], factorRequired: false, factorRule: "factor-in-sign-in" });
  await context.close();
});

test("where the browser has no autofill for passkeys, the button signs in", async ({ browser }) => {
  const { email, credential } = await enrolPasskey(browser, "passkey-button");
  const { context, page } = await browserHolding(browser, credential, { autofill: false });
  await page.goto("/signin");
  await expect(page.getByLabel("Email address")).toHaveAttribute("autocomplete", "username webauthn");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  expect(await passkeySessions(email)).toBe(1);
  expect((await eventsOf(email, "session.created")).map((event) => event.details.method)).toEqual(["email", "passkey"]);
  await context.close();
});

test("the account page offers a passkey after an email sign-in, in one line, only there", async ({ browser }) => {
  const email = uniqueEmail("passkey-offer");
  const context = await newDevice(browser);
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page.getByTestId("passkey-offer")).toHaveText(
    /add a passkey and sign in here with your fingerprint, face or screen lock\.$/,
  );
  await page.getByTestId("passkey-offer").getByRole("link", { name: "add a passkey" }).click();
  await expect(page).toHaveURL(/\/account\/security#passkeys$/);
  // Not a nag on every page: the security page itself carries no such banner.
  await expect(page.getByTestId("passkey-offer")).toHaveCount(0);
  await context.close();
});

test("a captured assertion works once, only in the browser its challenge was issued to", async ({ browser, playwright }) => {
  const started = new Date();
  const { email, credential } = await enrolPasskey(browser, "passkey-replay");
  const victim = await browserHolding(browser, credential, { autofill: false });
  const captured = await captureAssertion(victim.page);

  // Another browser presents it: with its own challenge, and with the victim's sealed challenge cookie.
  const attacker = await newDevice(browser);
  const attackerPage = await attacker.newPage();
  await attackerPage.goto("/signin");
  await expect(attackerPage.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  await attacker.request.post("/api/sign-in/passkey/options", { headers: { Origin: ORIGIN } });
  const ownChallenge = await attacker.request.post("/api/sign-in/passkey/verify", {
    data: captured.body,
    headers: { Origin: ORIGIN, "Content-Type": "application/json" },
  });
  expect(ownChallenge.status()).toBe(400);
  expect(await ownChallenge.json()).toMatchObject({ ok: false, code: "refused", message: REFUSED });

  const attackerCookies = await attacker.cookies();
  const device = attackerCookies.find((cookie) => cookie.name.endsWith("device"))!;
  const stolenChallenge = captured.cookie.split("; ").find((pair) => pair.startsWith("passkey-sign-in="))!;
  expect(stolenChallenge).toBeTruthy();
  const raw = await playwright.request.newContext({ extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() } });
  const withStolenCookie = await raw.post(`${ORIGIN}/api/sign-in/passkey/verify`, {
    data: captured.body,
    headers: { Origin: ORIGIN, "Content-Type": "application/json", Cookie: `${device.name}=${device.value}; ${stolenChallenge}` },
  });
  expect(withStolenCookie.status()).toBe(400);
  expect((await withStolenCookie.json()).code).toBe("expired");
  expect(await passkeySessions(email)).toBe(0);
  expect(await sessionCookie(attacker)).toBeUndefined();

  // The victim's browser sends it, as it would have: it signs in (so the assertion was genuine).
  const genuine = await raw.post(`${ORIGIN}/api/sign-in/passkey/verify`, {
    data: captured.body,
    headers: { Origin: ORIGIN, "Content-Type": "application/json", Cookie: captured.cookie },
  });
  expect(genuine.status()).toBe(200);
  const { redirectTo } = (await genuine.json()) as { redirectTo: string };
  expect(redirectTo).toMatch(/^\/api\/auth\/callback\/nodemailer\?/);
  await victim.page.goto(redirectTo);
  await expect(victim.page).toHaveURL(/\/account$/);
  expect(await passkeySessions(email)).toBe(1);

  // Replayed, cookie and all, it is refused, and so is the Auth.js callback it led to.
  const replay = await raw.post(`${ORIGIN}/api/sign-in/passkey/verify`, {
    data: captured.body,
    headers: { Origin: ORIGIN, "Content-Type": "application/json", Cookie: captured.cookie },
  });
  expect(replay.status()).toBe(400);
  expect((await replay.json()).code).toBe("expired");
  const replayedCallback = await raw.get(`${ORIGIN}${redirectTo}`, { headers: { Cookie: captured.cookie }, maxRedirects: 0 });
  expect(replayedCallback.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token=");
  expect(await passkeySessions(email)).toBe(1);

  // Each refusal is audited with its real reason, which the answers never gave away.
  const { rows } = await e2eDatabase().query(
    `SELECT reason FROM "AuditEvent" WHERE type = 'passkey.sign_in_failed' AND "createdAt" >= $1`,
    [started],
  );
  expect(rows.map((row) => row.reason)).toEqual(expect.arrayContaining(["not-verified", "no-challenge", "challenge-reused"]));
  await raw.dispose();
  await attacker.close();
  await victim.context.close();
});

test("a locked account and an unknown passkey get the same answer, and no session", async ({ browser }) => {
  const { email, credential } = await enrolPasskey(browser, "passkey-locked");
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = now() WHERE email = $1`, [email]);
  const { context, page } = await browserHolding(browser, credential, { autofill: false });
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("passkey-sign-in-error")).toHaveText(REFUSED);
  await expect(page).toHaveURL(/\/signin$/);
  expect(await passkeySessions(email)).toBe(0);
  expect(await sessionCookie(context)).toBeUndefined();
  expect((await eventsOf(email, "passkey.sign_in_failed")).map((event) => event.reason)).toEqual(["account-locked"]);

  // An answer from a passkey no account has (the same answer, its id changed) reads exactly the same.
  await e2eDatabase().query(`UPDATE "User" SET "lockedAt" = NULL WHERE email = $1`, [email]);
  const captured = await captureAssertion(page);
  const answer = JSON.parse(captured.body) as { response: Record<string, unknown> };
  const unknownId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const unknown = await context.request.post("/api/sign-in/passkey/verify", {
    data: { ...answer, response: { ...answer.response, id: unknownId, rawId: unknownId } },
    headers: { Origin: ORIGIN },
  });
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toMatchObject({ code: "refused", message: REFUSED });
  expect(await passkeySessions(email)).toBe(0);
  expect(await sessionCookie(context)).toBeUndefined();
  await context.close();
});

test("cross-origin, oversized and unlimited answers are refused before anything is checked", async ({ browser }) => {
  const context = await newDevice(browser);
  const page = await context.newPage();
  await page.goto("/signin");
  const answer = {
    response: {
      id: "x",
      rawId: "x",
      type: "public-key",
      response: { clientDataJSON: "e30", authenticatorData: "", signature: "" },
      clientExtensionResults: {},
    },
  };

  const foreign: Array<Record<string, string>> = [
    { Origin: "https://evil.example" },
    { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    {},
  ];
  for (const headers of foreign) {
    const options = await context.request.post("/api/sign-in/passkey/options", { headers });
    expect(options.status()).toBe(403);
    const verify = await context.request.post("/api/sign-in/passkey/verify", { data: answer, headers });
    expect(verify.status()).toBe(403);
    expect((await verify.json()).code).toBe("bad-origin");
  }
  const huge = await context.request.post("/api/sign-in/passkey/verify", {
    data: { ...answer, padding: "x".repeat(40_000) },
    headers: { Origin: ORIGIN },
  });
  expect(huge.status()).toBe(413);
  const junk = await context.request.post("/api/sign-in/passkey/verify", {
    data: "{not json",
    headers: { Origin: ORIGIN, "Content-Type": "application/json" },
  });
  expect(junk.status()).toBe(400);
  expect((await junk.json()).message).toMatch(/could not be read/);

  // Answers are limited per browser (RATE_LIMIT_PER_DEVICE, 10 per 15 minutes here): each spends a point before it is checked.
  const statuses: number[] = [];
  for (let n = 0; n < 10; n++) {
    await context.request.post("/api/sign-in/passkey/options", { headers: { Origin: ORIGIN } });
    statuses.push((await context.request.post("/api/sign-in/passkey/verify", { data: answer, headers: { Origin: ORIGIN } })).status());
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
  const limited = await context.request.post("/api/sign-in/passkey/verify", { data: answer, headers: { Origin: ORIGIN } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await sessionCookie(context)).toBeUndefined();
  await context.close();
});
