import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_ID_HEADER, reportOutageRequest } from "./database-outage";
import { PEER_ADDRESS_HEADER, verifiedPeerAddress } from "./peer-address";
import { REQUEST_METHOD_HEADER, stampEveryRequest } from "./stamp-requests";

/**
 * The hook on a real HTTP server of Node's own, as `next start` and the standalone server.js
 * create theirs: the server knows nothing of the hook, and clients send forged headers.
 */
const outage = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
let server: Server;
let url: string;
const seen: IncomingHttpHeaders[] = [];
const secretBefore = process.env.PEER_ADDRESS_SECRET;

beforeAll(async () => {
  stampEveryRequest();
  server = createServer((request, response) => {
    seen.push({ ...request.headers });
    // What Next.js does with a page that failed: onRequestError, then the error page with 500.
    if (request.url === "/outage") reportOutageRequest(outage, request.headers);
    if (request.url === "/outage" || request.url === "/bug") {
      if (request.url === "/bug") reportOutageRequest(new Error("TypeError: undefined is not a function"), request.headers);
      response.writeHead(500, { "Content-Type": "text/html" }).end("<h1>We can't show this page right now</h1>");
      return;
    }
    response.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (secretBefore === undefined) delete process.env.PEER_ADDRESS_SECRET;
  else process.env.PEER_ADDRESS_SECRET = secretBefore;
});

const FORGED = {
  [PEER_ADDRESS_HEADER]: "guessed-secret 203.0.113.7",
  [REQUEST_METHOD_HEADER]: "HEAD",
  [REQUEST_ID_HEADER]: "someone-elses-request",
};

describe("stampEveryRequest", () => {
  it("overwrites what a client forged: the peer is the socket's, proven by this process's secret", async () => {
    const secret = process.env.PEER_ADDRESS_SECRET;
    expect(secret).toMatch(/^[\w-]{43}$/);
    await fetch(`${url}/page`, { headers: FORGED });
    const headers = seen.at(-1)!;
    expect(verifiedPeerAddress(String(headers[PEER_ADDRESS_HEADER]), secret)).toBe("127.0.0.1");
    expect(headers[REQUEST_METHOD_HEADER]).toBe("GET");
    expect(headers[REQUEST_ID_HEADER]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers[REQUEST_ID_HEADER]).not.toBe(FORGED[REQUEST_ID_HEADER]);
  });

  it("tells pages the real method, HEAD included", async () => {
    await fetch(`${url}/page`, { method: "HEAD" });
    expect(seen.at(-1)![REQUEST_METHOD_HEADER]).toBe("HEAD");
    await fetch(`${url}/page`, { method: "POST", body: "x", headers: { [REQUEST_METHOD_HEADER]: "GET" } });
    expect(seen.at(-1)![REQUEST_METHOD_HEADER]).toBe("POST");
  });

  it("gives every request its own id", async () => {
    await Promise.all([fetch(`${url}/a`), fetch(`${url}/b`), fetch(`${url}/c`)]);
    const ids = seen.slice(-3).map((headers) => headers[REQUEST_ID_HEADER]);
    expect(new Set(ids).size).toBe(3);
  });

  it("answers a page that failed because PostgreSQL is unreachable with 503 and Retry-After, its body unchanged", async () => {
    const response = await fetch(`${url}/outage`);
    expect(response.status).toBe(503);
    expect(response.statusText).toBe("Service Unavailable");
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.text()).toContain("We can't show this page right now");
  });

  it("leaves any other failure a 500, and a forged id cannot borrow an outage's 503", async () => {
    const bug = await fetch(`${url}/bug`);
    expect(bug.status).toBe(500);
    expect(bug.headers.get("retry-after")).toBeNull();
    // Another request reusing the id of one that failed by an outage still gets its own id, and its own answer.
    await fetch(`${url}/outage`);
    const outageId = String(seen.at(-1)![REQUEST_ID_HEADER]);
    const borrowed = await fetch(`${url}/bug`, { headers: { [REQUEST_ID_HEADER]: outageId } });
    expect(borrowed.status).toBe(500);
  });

  it("installs once per process, keeping one secret", () => {
    const secret = process.env.PEER_ADDRESS_SECRET;
    stampEveryRequest();
    expect(process.env.PEER_ADDRESS_SECRET).toBe(secret);
  });
});
