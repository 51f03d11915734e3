import { databaseOutageResponse, isDatabaseOutage } from "./database-outage";
import { PayloadTooLargeError } from "./request-body";

/**
 * Every route handler is wrapped in this: failures that are not bugs get an honest answer
 * instead of a 500 — PostgreSQL unreachable or out of connections → 503 with Retry-After, a
 * body over its limit → 413. Anything else is a bug and still surfaces as one.
 */
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      const request = args[0] instanceof Request ? args[0] : undefined;
      if (error instanceof PayloadTooLargeError) return payloadTooLargeResponse(error.maxBytes);
      if (isDatabaseOutage(error)) return databaseOutageResponse(request);
      throw error;
    }
  };
}

export function payloadTooLargeResponse(maxBytes: number): Response {
  return Response.json(
    { ok: false, code: "payload-too-large", message: `This request is too large. Send at most ${Math.round(maxBytes / 1024)} KB.` },
    { status: 413, headers: { "Cache-Control": "no-store", Connection: "close" } },
  );
}
