import { expect, test, type APIRequestContext } from "@playwright/test";
import { mailTo, waitForMail } from "./support/mailbox";
import { uniqueEmail, uniqueIp } from "./support/people";
import { instanceUrl, type InstanceName } from "./support/instances";

// Both instances run with RATE_LIMIT_PER_EMAIL=3/15m, PER_IP=4/15m, GLOBAL=12/1m (e2e/support/instances.ts).
for (const instance of ["limitsPostgres", "limitsRedis"] as const satisfies readonly InstanceName[]) {
  test.describe(`rate limits stored in ${instance === "limitsRedis" ? "Redis" : "PostgreSQL"}`, () => {
    test.describe.configure({ mode: "serial" });
    const origin = instanceUrl(instance);
    const ask = (request: APIRequestContext, email: string, ip = uniqueIp()) =>
      request.post(`${origin}/api/sign-in/request`, { data: { email }, headers: { Origin: origin, "X-Forwarded-For": ip } });

    test("per email: the fourth request gets the same answer but no link, and the owner one notice", async ({ request }) => {
      const email = uniqueEmail("limit-email");
      const answers = [];
      for (let index = 0; index < 6; index++) answers.push(await (await ask(request, email)).text());
      expect(new Set(answers).size).toBe(1);
      await waitForMail(email, { count: 4 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const received = mailTo(email);
      expect(received.filter((message) => /^Sign in to /.test(message.subject))).toHaveLength(3);
      expect(received.filter((message) => /keeps asking/i.test(message.subject))).toHaveLength(1);
    });

    test("per IP: one address can't request for many addresses", async ({ request }) => {
      const ip = uniqueIp();
      const emails = Array.from({ length: 6 }, () => uniqueEmail("limit-ip"));
      for (const email of emails) expect((await ask(request, email, ip)).status()).toBe(200);
      await waitForMail(emails[3]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(emails.map((email) => mailTo(email).length)).toEqual([1, 1, 1, 1, 0, 0]);
    });

    test("global: a spread-out burst is capped for the whole service", async ({ request }) => {
      const emails = Array.from({ length: 16 }, () => uniqueEmail("limit-global"));
      const statuses = await Promise.all(emails.map(async (email) => (await ask(request, email)).status()));
      expect(statuses.every((status) => status === 200)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const delivered = emails.filter((email) => mailTo(email).length > 0).length;
      expect(delivered).toBeGreaterThan(0);
      expect(delivered).toBeLessThanOrEqual(12);
      expect(delivered).toBeLessThan(emails.length);
    });
  });
}
