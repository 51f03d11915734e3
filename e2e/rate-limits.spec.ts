import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { mailTo } from "./support/mailbox";
import { uniqueEmail, uniqueIp } from "./support/people";
import { instanceUrl, type InstanceName } from "../test/support/e2e-instances";

/**
 * Both instances run with per-email share and mailbox budgets of 3/15m, PER_IP=4/15m and
 * GLOBAL=30/1m (test/support/e2e-instances.ts); one keeps its counters in PostgreSQL, one in Redis.
 * Nothing here sleeps: each test waits until the outbox holds nothing unsent for its addresses
 * (the catcher has every message by then), then counts.
 */
async function outboxSettled(emails: string[]) {
  await expect
    .poll(
      async () =>
        (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = ANY($1) AND status = 'PENDING'`, [emails]))
          .rows[0].n,
    )
    .toBe(0);
}
const signInMails = (email: string) => mailTo(email).filter((message) => /^Sign in to /.test(message.subject));

for (const instance of ["limitsPostgres", "limitsRedis"] as const satisfies readonly InstanceName[]) {
  test.describe(`rate limits stored in ${instance === "limitsRedis" ? "Redis" : "PostgreSQL"}`, () => {
    test.describe.configure({ mode: "serial" });
    const origin = instanceUrl(instance);
    const ask = (request: APIRequestContext, email: string, ip = uniqueIp()) =>
      request.post(`${origin}/api/sign-in/request`, { data: { email }, headers: { Origin: origin, "X-Forwarded-For": ip } });

    test("per mailbox: the fourth request from strangers gets the same answer but no link, and the owner one notice", async ({
      request,
    }) => {
      const email = uniqueEmail("limit-email");
      const answers = [];
      for (let index = 0; index < 6; index++) answers.push(await (await ask(request, email)).text());
      expect(new Set(answers).size).toBe(1);
      await outboxSettled([email]);
      // Three links were issued. An earlier one may be superseded by a later request from the same
      // browser before its email goes out; then it is dropped (email.skipped), never mailed.
      const issued = await e2eDatabase().query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE email = $1`, [email]);
      expect(issued.rows[0].n).toBe(3);
      const mailed = signInMails(email).length;
      expect(mailed).toBeGreaterThanOrEqual(1);
      expect(mailed).toBeLessThanOrEqual(3);
      expect(mailTo(email).filter((message) => /keeps asking/i.test(message.subject))).toHaveLength(1);
    });

    test("per network: one address can't request for many addresses", async ({ request }) => {
      const ip = uniqueIp();
      const emails = Array.from({ length: 6 }, () => uniqueEmail("limit-ip"));
      for (const email of emails) expect((await ask(request, email, ip)).status()).toBe(200);
      await outboxSettled(emails);
      expect(emails.map((email) => signInMails(email).length)).toEqual([1, 1, 1, 1, 0, 0]);
    });

    test("global: a spread-out burst is capped for the whole service", async ({ request }) => {
      const emails = Array.from({ length: 40 }, () => uniqueEmail("limit-global"));
      const statuses = await Promise.all(emails.map(async (email) => (await ask(request, email)).status()));
      expect(statuses.every((status) => status === 200)).toBe(true);
      await outboxSettled(emails);
      const delivered = emails.filter((email) => signInMails(email).length > 0).length;
      expect(delivered).toBeGreaterThan(0);
      expect(delivered).toBeLessThanOrEqual(30);
    });
  });
}
