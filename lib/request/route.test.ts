import { describe, expect, it } from "vitest";
import { PayloadTooLargeError, readLimitedText, readSmallJson } from "./request-body";
import { route } from "./route";

// Shapes seen from Prisma 6.19 + @prisma/adapter-pg 7.10 against a stopped PostgreSQL.
const prismaError = (code: string, extra: object = {}) => Object.assign(new Error("Invalid invocation"), { code, ...extra });

describe("route", () => {
  const failing = (error: unknown) => route<[Request]>(() => Promise.reject(error));

  it("answers an outage with 503 JSON and Retry-After", async () => {
    const response = await failing(prismaError("P1001"))(new Request("http://localhost/api/x"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toMatchObject({ ok: false, code: "temporarily-unavailable" });
  });

  it("answers a browser's form post with a small HTML page", async () => {
    const request = new Request("http://localhost/api/x", { headers: { accept: "text/html,application/xhtml+xml" } });
    const response = await failing(prismaError("P1001"))(request);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("try again in a minute");
  });

  it("lets every other error through", async () => {
    await expect(failing(new TypeError("bug"))(new Request("http://localhost/"))).rejects.toThrow("bug");
  });
});

describe("route and request bodies", () => {
  const chunked = (bytes: number, chunk = 64 * 1024) => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const size = Math.min(chunk, bytes - sent);
        sent += size;
        controller.enqueue(new Uint8Array(size).fill(97));
      },
    });
  };
  const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

  it("refuses a declared length over the limit before reading anything", async () => {
    await expect(readLimitedText(post("{}", { "content-length": "50000000" }), 8_192)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("stops reading a chunked body the moment it crosses the limit", async () => {
    let pulled = 0;
    const body = chunked(50 * 1024 * 1024);
    const counting = body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, controller) => ((pulled += chunk.byteLength), controller.enqueue(chunk)) }));
    await expect(readLimitedText(post(counting), 8_192)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it("reads a body within the limit", async () => {
    expect(await readSmallJson(post(JSON.stringify({ email: "a@example.com" })))).toEqual({ email: "a@example.com" });
  });

  it("answers a body over the limit with 413 and a sentence", async () => {
    const response = await route(async (request: Request) => (await readSmallJson(request), new Response("unreachable")))(post(chunked(100_000)));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, code: "payload-too-large" });
  });
});
