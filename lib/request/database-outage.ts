/**
 * PostgreSQL being unreachable (stopped, restarting, network gone) or out of free connections
 * (overload) is an outage, not a bug: callers get a 503 with a sentence they can act on, never
 * a 500 or a stack trace, and the connection pool reconnects by itself once the database is back.
 */

// Prisma's codes for "cannot reach", "timed out", "server closed the connection", "no free connection in time".
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Driver adapter error kinds (@prisma/adapter-pg) that mean the server is not there.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// PostgreSQL SQLSTATEs: class 08 (connection exception), shutdown or start-up in progress, too many connections.
const SQLSTATE = /^(08\d{3}|57P0[1-3]|53300)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// pg's own messages when a pooled connection died under it, and Prisma's P2028 when no
// connection came free for a transaction in time (overload: the same "try again shortly").
const PG_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Can't reach database server|Unable to start a transaction in the given time/i;

/** True when `error` (or anything it wraps) says the database cannot be reached, or has no free connection, right now. */
export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const candidate = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  const code = typeof candidate.code === "string" ? candidate.code : "";
  if (PRISMA_CODES.has(code) || SQLSTATE.test(code) || NODE_CODES.has(code)) return true;
  if (typeof candidate.kind === "string" && ADAPTER_KINDS.has(candidate.kind)) return true;
  if (typeof candidate.message === "string" && PG_MESSAGES.test(candidate.message)) return true;
  return isDatabaseOutage(candidate.meta?.driverAdapterError, depth + 1) || isDatabaseOutage(candidate.cause, depth + 1);
}

export const OUTAGE_RETRY_AFTER_SECONDS = 30;
const OUTAGE_MESSAGE = "We can't complete this right now because part of our service is unavailable. Please try again in a minute.";

/**
 * 503 with Retry-After. JSON for scripts and the pages' own fetch calls; a small HTML page
 * for a browser that posted a form here and will show whatever comes back.
 */
export function databaseOutageResponse(request?: Request): Response {
  const headers = { "Cache-Control": "no-store", "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS) };
  if (request?.headers.get("accept")?.includes("text/html")) {
    return new Response(OUTAGE_PAGE, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
  }
  return Response.json({ ok: false, code: "temporarily-unavailable", message: OUTAGE_MESSAGE }, { status: 503, headers });
}

const OUTAGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title></head><body style="font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.25rem">We can't complete this right now</h1><p>${OUTAGE_MESSAGE}</p><p><a href="/signin">Back to sign-in</a></p></body></html>`;

/**
 * Pages cannot choose their status code: Next.js answers a failed page with 500 and renders
 * app/error.tsx. lib/request/stamp-requests.ts gives every request an id as the server takes
 * it in and keeps a registry of ids that failed because of an outage; instrumentation.ts's
 * onRequestError reports them here, and their answer is sent as 503 instead of 500.
 */
export const REQUEST_ID_HEADER = "x-internal-request-id";
export const OUTAGE_REQUESTS = Symbol.for("magic-link-guard.outage-requests");

export function reportOutageRequest(error: unknown, headers: Record<string, string | string[] | undefined>): void {
  if (!isDatabaseOutage(error)) return;
  const registry = (globalThis as { [OUTAGE_REQUESTS]?: Set<string> })[OUTAGE_REQUESTS];
  const id = headers[REQUEST_ID_HEADER];
  if (registry && typeof id === "string") registry.add(id);
}
