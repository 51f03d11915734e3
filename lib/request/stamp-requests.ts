import { randomBytes, randomUUID } from "node:crypto";
import { channel } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { OUTAGE_RETRY_AFTER_SECONDS, OUTAGE_REQUESTS, REQUEST_ID_HEADER } from "./database-outage";
import { PEER_ADDRESS_HEADER } from "./peer-address";

/**
 * What Next.js does not tell pages and route handlers, supplied by the process that serves them,
 * whichever server that is (`next start`, the standalone server.js, scripts/server.mjs, `next dev`).
 * Node publishes every incoming request on the "http.server.request.start" diagnostics channel
 * before the server's own handler sees it, so this hook stamps each request first, overwriting
 * whatever a client sent in these headers:
 *
 * - `x-peer-address`: "<secret> <the socket's remote address>". The secret is made here, once per
 *   process, and handed to the app as PEER_ADDRESS_SECRET: a runtime that never ran this hook
 *   (a platform's own request bridge) believes no such header (lib/request/peer-address.ts).
 * - `x-request-method`: the HTTP method (the link landing page records HEAD fetches as scanners).
 * - `x-internal-request-id`: a fresh id. onRequestError (instrumentation.ts) reports the ids of
 *   requests that failed because PostgreSQL is unreachable, and their answer becomes 503 with
 *   Retry-After instead of Next.js's 500.
 */
export const REQUEST_METHOD_HEADER = "x-request-method";
const REQUEST_START = "http.server.request.start";
const INSTALLED = Symbol.for("magic-link-guard.stamp-requests");

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
}

/** Installs the hook once per process; instrumentation.ts calls it before anything reads the settings. */
export function stampEveryRequest(): void {
  const state = globalThis as { [INSTALLED]?: unknown; [OUTAGE_REQUESTS]?: Set<string> };
  if (state[INSTALLED]) return;
  const peerAddressSecret = randomBytes(32).toString("base64url");
  process.env.PEER_ADDRESS_SECRET = peerAddressSecret;
  const outageRequests = (state[OUTAGE_REQUESTS] ??= new Set<string>());
  const requestStart = channel(REQUEST_START);
  // Held for the life of the process, so the subscription can never be collected.
  state[INSTALLED] = requestStart;
  requestStart.subscribe((message) => {
    const { request, response } = message as RequestStart;
    request.headers[PEER_ADDRESS_HEADER] = `${peerAddressSecret} ${request.socket.remoteAddress ?? ""}`;
    request.headers[REQUEST_METHOD_HEADER] = request.method ?? "GET";
    const requestId = randomUUID();
    request.headers[REQUEST_ID_HEADER] = requestId;
    answerOutageWith503(response, requestId, outageRequests);
  });
}

/** Next.js answers a failed page with 500 and lets no page choose; an outage's honest answer is 503: try again later. */
function answerOutageWith503(response: ServerResponse, requestId: string, outageRequests: Set<string>): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (statusCode === 500 && outageRequests.has(requestId)) {
      statusCode = 503;
      if (typeof rest[0] === "string") rest[0] = "Service Unavailable";
      else this.statusMessage = "Service Unavailable";
      this.setHeader("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
  response.once("close", () => outageRequests.delete(requestId));
}
