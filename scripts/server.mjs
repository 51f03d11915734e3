/**
 * The HTTP server in front of Next.js. Next.js does not expose the socket's remote
 * address to route handlers, and keeps a client-sent X-Forwarded-For as it is, so the
 * client IP could be forged. This server records the real peer address (and the method,
 * which pages cannot see) in headers of its own, overwriting anything a client sent.
 * The peer header carries a secret made at each boot and handed to the app (which runs in
 * this process) as PEER_ADDRESS_SECRET: without this server in front, the app never believes it.
 * Usage: node scripts/server.mjs dev|start <port> [host]   (no host: every interface)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import next from "next";

const [mode = "dev", portArgument = "3000", host = ""] = process.argv.slice(2);
const port = Number(portArgument);
// Named identically in lib/request/peer-address.ts. Set before Next.js loads the app, which reads it.
export const PEER_ADDRESS_HEADER = "x-peer-address";
const peerAddressSecret = randomBytes(32).toString("base64url");
process.env.PEER_ADDRESS_SECRET = peerAddressSecret;
const app = next({ dev: mode === "dev", hostname: "127.0.0.1", port });
const handle = app.getRequestHandler();
await app.prepare();

// Named identically in lib/request/database-outage.ts, which fills the registry from instrumentation.ts.
const REQUEST_ID_HEADER = "x-internal-request-id";
const OUTAGE_REQUESTS = Symbol.for("magic-link-guard.outage-requests");
const outageRequests = new Set();
globalThis[OUTAGE_REQUESTS] = outageRequests;

const server = createServer((request, response) => {
  request.headers[PEER_ADDRESS_HEADER] = `${peerAddressSecret} ${request.socket.remoteAddress ?? ""}`;
  // Pages cannot see the HTTP method; the link landing page records HEAD fetches as scanners.
  request.headers["x-request-method"] = request.method ?? "GET";
  const requestId = randomUUID();
  request.headers[REQUEST_ID_HEADER] = requestId;
  answerOutageWith503(response, requestId);
  handle(request, response);
});

/**
 * Next.js answers a page that failed with 500 and no way to choose another status. When the
 * failure was a database outage (reported by instrumentation.ts before the answer is sent),
 * the honest status is 503 with Retry-After: the client may simply try again later.
 */
function answerOutageWith503(response, requestId) {
  const writeHead = response.writeHead;
  response.writeHead = function (statusCode, ...rest) {
    if (statusCode === 500 && outageRequests.has(requestId)) {
      statusCode = 503;
      if (typeof rest[0] === "string") rest[0] = "Service Unavailable";
      else this.statusMessage = "Service Unavailable";
      this.setHeader("Retry-After", "30");
    }
    return writeHead.call(this, statusCode, ...rest);
  };
  response.once("close", () => outageRequests.delete(requestId));
}
server.keepAliveTimeout = 65_000;
server.listen(port, host || undefined, () => {
  const where = host ? `listening on ${host}` : "listening on every interface";
  console.log(`Ready on http://localhost:${port} (${mode === "dev" ? "development" : "production"}, ${where})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    void app.close?.();
    process.exit(0);
  });
}
