import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { resetEnvCache } from "../env";
import { AppError } from "../errors/app-error";
import { openGate, sameOriginGate, type Gate } from "./gate";
import { PayloadTooLargeError, readLimitedText, readSmallJson } from "./request-body";
import { route } from "./route";

// Shapes seen from Prisma 6.19 + @prisma/adapter-pg 7.10 against a stopped PostgreSQL.
const prismaError = (code: string, extra: object = {}) => Object.assign(new Error("Invalid invocation"), { code, ...extra });

const ORIGIN = "https://app.example.com";
const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/api/x`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    duplex: "half",
  } as RequestInit);
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
const echo = async ({ input }: { input: unknown }) => Response.json({ ok: true, input });

beforeEach(() => {
  process.env.AUTH_URL = ORIGIN;
  resetEnvCache();
});

describe("route: failures that are not bugs", () => {
  const failing = (error: unknown) => route({ gate: openGate }, () => Promise.reject(error));

  it("answers an outage with 503 JSON and Retry-After", async () => {
    const response = await failing(prismaError("P1001"))(new Request("http://localhost/api/x"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toMatchObject({ ok: false, code: "temporarily-unavailable" });
  });

  it("answers an outage met by the gate itself (the session store) the same way", async () => {
    const storeDown: Gate = () => Promise.reject(prismaError("P2024"));
    const response = await route({ gate: storeDown }, echo)(post("{}"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
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

describe("route: the gate", () => {
  const guarded = route({ gate: sameOriginGate(), body: "json" }, echo);

  it("refuses another site's origin with 403 bad-origin before reading the body", async () => {
    let pulled = 0;
    const body = chunked(1024 * 1024).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => ((pulled += chunk.byteLength), controller.enqueue(chunk)),
      }),
    );
    const response = await guarded(post(body, { origin: "https://evil.example" }));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ ok: false, code: "bad-origin", message: "This request must come from a page of this site." });
    expect(pulled).toBe(0);
  });

  it("refuses a request with no origin at all, and one that only claims Sec-Fetch-Site cross-site", async () => {
    expect(
      (await guarded(new Request(`${ORIGIN}/api/x`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })))
        .status,
    ).toBe(403);
    expect((await guarded(post("{}", { origin: "null", "sec-fetch-site": "cross-site" }))).status).toBe(403);
  });

  it("accepts our origin, and Origin: null with the browser's Sec-Fetch-Site: same-origin", async () => {
    expect((await guarded(post('{"a":1}'))).status).toBe(200);
    expect((await guarded(post('{"a":1}', { origin: "null", "sec-fetch-site": "same-origin" }))).status).toBe(200);
  });

  it("answers a gate's refusal with its status, code, sentence and step-up address, never the handler", async () => {
    let ran = false;
    const needsStepUp: Gate = async () => {
      throw new AppError("step-up-required", "Confirm it's you to manage your sign-in methods.", {
        stepUpUrl: "/step-up?policy=account.manageFactors",
      });
    };
    const response = await route({ gate: needsStepUp }, async () => ((ran = true), new Response("no")))(post("{}"));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      ok: false,
      code: "step-up-required",
      message: "Confirm it's you to manage your sign-in methods.",
      stepUpUrl: "/step-up?policy=account.manageFactors",
    });
    expect(ran).toBe(false);
  });

  it("hands what the gate learned to the handler, with the route's params", async () => {
    const withUser: Gate<{ userId: string }> = async () => ({ userId: "u1" });
    const handler = route({ gate: withUser }, async ({ userId, params }) => Response.json({ userId, id: params.id }));
    const response = await handler(post(null), { params: Promise.resolve({ id: "abc" }) });
    expect(await response.json()).toEqual({ userId: "u1", id: "abc" });
  });
});

describe("route: input", () => {
  const schema = z.object({ email: z.string().min(3, "Enter an address.") });

  it("refuses malformed JSON, another content type and a JSON array with the route's own refusal", async () => {
    const invalid = new AppError("bad-request", "Send JSON like {}.");
    const handler = route({ gate: openGate, body: "json", schema, invalid }, echo);
    for (const request of [post("{not json"), post('{"email":"a@b.c"}', { "content-type": "text/plain" }), post("[1,2]")]) {
      const response = await handler(request);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, code: "bad-request", message: "Send JSON like {}." });
    }
  });

  it("answers a schema failure with invalid-input and zod's first issue by default", async () => {
    const response = await route({ gate: openGate, body: "json", schema }, echo)(post('{"email":"a"}'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, code: "invalid-input", message: "Enter an address." });
  });

  it("gives the handler the parsed value of a form, or of the query string without a body", async () => {
    const form = route({ gate: openGate, body: "form", schema }, echo);
    const formPost = post("email=ann%40example.com&extra=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(await (await form(formPost)).json()).toEqual({ ok: true, input: { email: "ann@example.com" } });
    const query = route({ gate: openGate, schema }, echo);
    expect(await (await query(new Request(`${ORIGIN}/api/x?email=bob%40example.com`))).json()).toEqual({
      ok: true,
      input: { email: "bob@example.com" },
    });
  });

  it("answers a body over the limit with 413 and a sentence, declared or chunked", async () => {
    const handler = route({ gate: openGate, body: "json", maxBytes: 8_192 }, echo);
    for (const request of [post("{}", { "content-length": "50000000" }), post(chunked(100_000))]) {
      const response = await handler(request);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ ok: false, code: "payload-too-large" });
    }
  });
});

describe("route: refusals from the handler", () => {
  it("answers an AppError with its status, headers and extra fields", async () => {
    const handler = route({ gate: openGate }, async () => {
      throw new AppError("rate-limited", "Too many.", {
        status: 429,
        headers: { "Retry-After": "60" },
        extra: { fieldErrors: { a: "b" } },
      });
    });
    const response = await handler(post(null));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: false, code: "rate-limited", message: "Too many.", fieldErrors: { a: "b" } });
  });

  it("uses the default status of access and lookup codes", async () => {
    const throwing = (error: AppError) => route({ gate: openGate }, () => Promise.reject(error))(post(null));
    expect((await throwing(new AppError("not-found", "Gone."))).status).toBe(404);
    expect((await throwing(new AppError("conflict", "Already."))).status).toBe(409);
    expect((await throwing(new AppError("signed-out", "Sign in."))).status).toBe(401);
  });

  it("lets respond turn a refusal into a redirect, and falls back to JSON when it declines", async () => {
    const handler = route(
      {
        gate: sameOriginGate(),
        body: "form",
        schema: z.object({ code: z.string().regex(/^\d{6}$/) }),
        respond: (error) => (error.code === "invalid-input" ? Response.redirect(`${ORIGIN}/back`, 303) : undefined),
      },
      echo,
    );
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const redirected = await handler(post("code=12", form));
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get("location")).toBe(`${ORIGIN}/back`);
    expect((await handler(post("code=12", { ...form, origin: "https://evil.example" }))).status).toBe(403);
  });
});

describe("request bodies", () => {
  it("refuses a declared length over the limit before reading anything", async () => {
    await expect(readLimitedText(post("{}", { "content-length": "50000000" }), 8_192)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("stops reading a chunked body the moment it crosses the limit", async () => {
    let pulled = 0;
    const counting = chunked(50 * 1024 * 1024).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => ((pulled += chunk.byteLength), controller.enqueue(chunk)),
      }),
    );
    await expect(readLimitedText(post(counting), 8_192)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it("reads a body within the limit", async () => {
    expect(await readSmallJson(post(JSON.stringify({ email: "a@example.com" })))).toEqual({ email: "a@example.com" });
  });
});
