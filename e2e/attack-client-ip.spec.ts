import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { e2eDatabase } from "./support/database";
import { EXTRA_PORTS, instanceLog, RUN_SUFFIX, startExtraInstance } from "../test/support/e2e-instances-extra";
import { mailTo } from "./support/mailbox";
import { startOneOriginProxy } from "./support/one-origin-proxy";
import { DESKTOP_CHROME, signIn, uniqueEmail } from "./support/people";

/**
 * The client IP every limit, risk signal and audit row rests on, attacked the way a script
 * would: made-up X-Forwarded-For and x-peer-address values on every request, from a peer that
 * is no proxy of ours. The deploy path is the standalone server started as the container image
 * starts it (`node .next/standalone/server.js`, HOSTNAME and PORT), with no server of ours in
 * front; `CLIENT_IP_SOURCE=socket` is proved under plain `next start`, also without one.
 *
 * Loopback is a whole /8 on Linux, so the test plays several machines: the proxy connects to
 * the app from 127.0.0.2 (the only trusted proxy), clients connect from 127.0.0.3 and up
 * (127.0.0.1 is the browser's).
 */
const PROXY_ADDRESS = "127.0.0.2";
const PER_IP = 30;
// Only the per-network budget may bite: every request asks for its own address from a fresh browser.
const LIMITS = { RATE_LIMIT_PER_IP: `${PER_IP}/15m`, RATE_LIMIT_GLOBAL: "1000/1m" };
const BEHIND_PROXY = { ...LIMITS, CLIENT_IP_SOURCE: "x-forwarded-for", TRUSTED_PROXIES: PROXY_ADDRESS };
const FACING_CLIENTS = { ...LIMITS, CLIENT_IP_SOURCE: "socket", TRUSTED_PROXIES: undefined };

let standalone: AppInstance;
let nextStart: AppInstance;
let proxy: Awaited<ReturnType<typeof startOneOriginProxy>>;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(180_000);
  [standalone, nextStart] = await Promise.all([
    startExtraInstance("client-ip-standalone", EXTRA_PORTS.clientIpStandalone, BEHIND_PROXY, "standalone"),
    startExtraInstance("client-ip-socket", EXTRA_PORTS.clientIpSocket, FACING_CLIENTS, "next-start"),
  ]);
  proxy = await startOneOriginProxy(
    EXTRA_PORTS.clientIpProxy,
    { standalone: EXTRA_PORTS.clientIpStandalone },
    { localAddress: PROXY_ADDRESS },
  );
});
test.afterAll(async () => {
  await proxy?.close();
  await Promise.all([standalone?.stop(), nextStart?.stop()]);
});

/** One sign-in request from `from` (a loopback address of the test's choosing), with whatever headers an attacker likes. */
function askFrom(from: string, target: { url: string; origin: string; routeTo?: string }, email: string, headers: Record<string, string>) {
  const body = JSON.stringify({ email });
  const url = new URL("/api/sign-in/request", target.url);
  return new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        headers: {
          ...headers,
          ...(target.routeTo ? { "X-Route-To": target.routeTo } : {}),
          Origin: target.origin,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** A different made-up identity on every request: what a script rotating fake addresses sends. */
function spoofed(n: number): Record<string, string> {
  return {
    "X-Forwarded-For": `198.51.${n}.7, ${PROXY_ADDRESS}`,
    "X-Peer-Address": `203.0.113.${n}`,
    "X-Real-IP": `192.0.2.${n}`,
    "CF-Connecting-IP": `192.0.2.${n + 100}`,
  };
}

/** Waits until the outbox has nothing left to send for these addresses, then counts who got mail. */
async function mailedAmong(emails: string[]): Promise<string[]> {
  await expect
    .poll(
      async () =>
        (await e2eDatabase().query(`SELECT count(*)::int AS n FROM "EmailOutbox" WHERE "to" = ANY($1) AND status = 'PENDING'`, [emails]))
          .rows[0].n,
      {
        timeout: 30_000,
      },
    )
    .toBe(0);
  return emails.filter((email) => mailTo(email).some((message) => /^Sign in to /.test(message.subject)));
}

async function recordedIps(emails: string[]): Promise<string[]> {
  const { rows } = await e2eDatabase().query(`SELECT DISTINCT "requestIp" AS ip FROM "LoginAttempt" WHERE email = ANY($1)`, [emails]);
  return rows.map((row) => row.ip as string).sort();
}

async function burst(from: string, target: { url: string; origin: string; routeTo?: string }, label: string, count: number) {
  const emails = Array.from({ length: count }, (_, n) => uniqueEmail(`${label}-${n}`));
  for (let n = 0; n < count; n += 10) {
    const statuses = await Promise.all(emails.slice(n, n + 10).map((email, k) => askFrom(from, target, email, spoofed(n + k))));
    expect(statuses.every((status) => status === 200)).toBe(true);
  }
  return emails;
}

test("standalone server: 40 requests straight from an untrusted peer, each with made-up forwarding headers, get the per-IP budget and no more", async () => {
  const target = { url: standalone.url, origin: standalone.url };
  const emails = await burst("127.0.0.6", target, "spoof-direct", 40);
  const mailed = await mailedAmong(emails);
  console.log(`40 spoofed requests from an untrusted peer (standalone): ${mailed.length} emails (per-IP budget ${PER_IP})`);
  expect(mailed.length).toBe(PER_IP);
  expect(await recordedIps(mailed)).toEqual(["127.0.0.6"]);
});

test("standalone server: through the trusted proxy, the proxy's entry is the client; the client's own entries are ignored", async () => {
  const target = { url: proxy.url, origin: standalone.url, routeTo: "standalone" };
  const emails = await burst("127.0.0.3", target, "spoof-proxied", 40);
  const mailed = await mailedAmong(emails);
  console.log(`40 spoofed requests through the trusted proxy (standalone): ${mailed.length} emails (per-IP budget ${PER_IP})`);
  expect(mailed.length).toBe(PER_IP);
  expect(await recordedIps(mailed)).toEqual(["127.0.0.3"]);
  // Another client behind the same proxy has a budget of its own.
  const neighbour = await burst("127.0.0.4", target, "proxied-neighbour", 1);
  expect(await mailedAmong(neighbour)).toEqual(neighbour);
  expect(await recordedIps(neighbour)).toEqual(["127.0.0.4"]);
});

test("plain next start facing clients (CLIENT_IP_SOURCE=socket): the socket's peer is the client, whatever the headers say", async () => {
  const target = { url: nextStart.url, origin: nextStart.url };
  const emails = await burst("127.0.0.5", target, "spoof-socket", 40);
  const mailed = await mailedAmong(emails);
  console.log(`40 spoofed requests straight to next start (socket): ${mailed.length} emails (per-IP budget ${PER_IP})`);
  expect(mailed.length).toBe(PER_IP);
  expect(await recordedIps(mailed)).toEqual(["127.0.0.5"]);
});

test("the standalone server serves the whole sign-in with its security headers, no server of ours in front", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: standalone.url, userAgent: DESKTOP_CHROME });
  const page = await context.newPage();
  const answer = await page.request.get("/signin");
  expect(answer.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(answer.headers()).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
  expect(answer.headers()["strict-transport-security"]).toContain("max-age=");
  expect(answer.headers()["cache-control"]).toContain("no-store");
  await signIn(page, uniqueEmail("standalone"));
  await context.close();
});

test("the standalone server and next start refuse, in one line, a production configuration without a client IP source", async () => {
  const undeclared = { CLIENT_IP_SOURCE: undefined, TRUSTED_PROXIES: undefined };
  for (const server of ["standalone", "next-start"] as const) {
    const name = `client-ip-undeclared-${server}`;
    await expect(startExtraInstance(name, EXTRA_PORTS.clientIpRefused, undeclared, server)).rejects.toThrow(/exited with code 1/);
    await expect
      .poll(() => instanceLog({ name: `${name}${RUN_SUFFIX}` }))
      .toMatch(/^Invalid configuration: CLIENT_IP_SOURCE is required in production/m);
  }
});
