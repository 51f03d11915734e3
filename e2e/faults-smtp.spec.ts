import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { startMailCatcher } from "../lib/mail/catcher";
import { readMailbox } from "../lib/mail/mailbox";
import type { AppInstance } from "../test/support/app-instance";
import { EXTRA_PORTS, RUN_SUFFIX, freshSpecDatabase, startExtraInstance } from "../test/support/e2e-instances-extra";
import { signInLinkFrom } from "./support/mailbox";
import { DESKTOP_CHROME, requestLink, uniqueEmail, uniqueIp } from "./support/people";

/**
 * The instance sends through a port this spec controls: nothing listening (down), a server
 * that answers every recipient with 451 (refusing), then a real catcher (back). It has a
 * database of its own: the outbox is shared by every instance on a database, and the other
 * e2e instances would deliver its message through their own, working, SMTP server.
 */
const MAIL_PORT = EXTRA_PORTS.smtpFaultMail;
const MAILBOX = `.data/faults-smtp-mailbox${RUN_SUFFIX}`;
let database: pg.Pool;

const query = async (sql: string, values: unknown[]) => (await database.query(sql, values)).rows;

function startRefusingSmtpServer(port: number) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error("Mailbox temporarily unavailable, try later"), { responseCode: 451 }));
    },
  });
  return new Promise<{ close(): Promise<void> }>((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ close: () => new Promise<void>((done) => server.close(() => done())) })),
  );
}

async function outboxRow(attemptId: string) {
  const [row] = await query(
    `SELECT status, tries, "lockedUntil", "nextTryAt" > now() + interval '500 milliseconds' AS "waitingLongEnough" FROM "EmailOutbox" WHERE "attemptId" = $1`,
    [attemptId],
  );
  return row as { status: string; tries: number; lockedUntil: Date | null; waitingLongEnough: boolean };
}

async function eventsOf(attemptId: string): Promise<Array<{ type: string; reason: string | null }>> {
  return (await query(`SELECT type, reason FROM "AuditEvent" WHERE "attemptId" = $1 ORDER BY seq`, [attemptId])) as Array<{
    type: string;
    reason: string | null;
  }>;
}

const failureReasons = async (attemptId: string) =>
  (await eventsOf(attemptId)).filter((event) => event.type === "email.failed").map((event) => event.reason ?? "");

test("SMTP down, then refusing: the request says so, the outbox keeps retrying across an app restart, and the message arrives without a second request", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  rmSync(MAILBOX, { recursive: true, force: true });
  const databaseUrl = await freshSpecDatabase("magic_link_smtp_fault");
  database = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // Retries after 1 s, 2 s, 4 s…: the outbox's backoff, scaled down so the test stays short.
  const settings = { DATABASE_URL: databaseUrl, EMAIL_SERVER: `smtp://127.0.0.1:${MAIL_PORT}`, EMAIL_RETRY_BASE_SECONDS: "1" };
  let app: AppInstance = await startExtraInstance("faults-smtp", EXTRA_PORTS.smtpFault, settings);
  const email = uniqueEmail("smtp-fault");
  const context = await browser.newContext({
    baseURL: app.url,
    userAgent: DESKTOP_CHROME,
    extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() },
  });
  const page = await context.newPage();
  let catcher: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
  try {
    // Down: nothing listens on the mail port.
    await requestLink(page, email);
    await expect(page.getByText("We could not send the email yet")).toBeVisible({ timeout: 15_000 });
    const [attempt] = await query(`SELECT id, status FROM "LoginAttempt" WHERE email = $1`, [email]);
    expect(attempt.status).toBe("DELIVERY_FAILED");
    expect((await eventsOf(attempt.id)).map((event) => event.type)).toEqual(
      expect.arrayContaining(["attempt.requested", "email.queued", "email.failed"]),
    );
    expect((await failureReasons(attempt.id))[0]).toMatch(/ECONNREFUSED|connect/i);

    // Refusing: the server is there but answers 451; the outbox backs off and tries again.
    const refusing = await startRefusingSmtpServer(MAIL_PORT);
    await expect.poll(async () => (await failureReasons(attempt.id)).some((reason) => /451/.test(reason)), { timeout: 20_000 }).toBe(true);
    await refusing.close();

    // Restart the app while the message waits for its next try (not in the middle of one).
    await expect
      .poll(async () => {
        const row = await outboxRow(attempt.id);
        return row.status === "PENDING" && row.lockedUntil === null && row.waitingLongEnough;
      })
      .toBe(true);
    await app.stop();
    app = await startExtraInstance("faults-smtp", EXTRA_PORTS.smtpFault, settings);

    // Back: the queued message goes out by itself, once.
    catcher = await startMailCatcher({ port: MAIL_PORT, folder: MAILBOX });
    await expect.poll(() => readMailbox(MAILBOX, email).length, { timeout: 30_000 }).toBe(1);
    // The catcher has the message a moment before the sender has recorded that it was accepted.
    await expect.poll(async () => (await outboxRow(attempt.id)).status).toBe("SENT");
    expect((await outboxRow(attempt.id)).tries).toBeGreaterThanOrEqual(3);
    expect(await query(`SELECT status, "deliveryStatus" FROM "LoginAttempt" WHERE email = $1`, [email])).toEqual([
      { status: "PENDING", deliveryStatus: "SENT" },
    ]);
    expect((await eventsOf(attempt.id)).map((event) => event.type)).toContain("email.sent");

    // The delayed link is the one the browser waited for: it still signs in.
    await page.goto(signInLinkFrom(readMailbox(MAILBOX, email)[0]));
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  } finally {
    await context.close();
    // The app first: the catcher waits for open SMTP connections when it closes.
    await app.stop();
    await catcher?.close();
    await database.end();
  }
});
