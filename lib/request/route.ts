import type { z } from "zod";
import { AppError } from "../errors/app-error";
import { userMessage } from "../errors/user-messages";
import { databaseOutageResponse, isDatabaseOutage } from "./database-outage";
import type { Gate } from "./gate";
import { DEFAULT_BODY_LIMIT, PayloadTooLargeError, readSmallForm, readSmallJson } from "./request-body";

export interface RouteOptions<Context extends object, Schema extends z.ZodType | undefined> {
  /** Who may call: checked first, before the body is read (lib/request/gates.ts). */
  gate: Gate<Context>;
  /** Read a small JSON object or urlencoded/multipart form, at most maxBytes (else 413). */
  body?: "json" | "form";
  maxBytes?: number;
  /** Validates the body (or, without one, the query string); the handler gets the parsed value. */
  schema?: Schema;
  /** The refusal for a missing, malformed or invalid body; by default 400 invalid-input with zod's first issue. */
  invalid?: AppError;
  /**
   * How a refusal is answered when JSON is not right for the caller: a form posted by a browser
   * wants a 303 back to its page. Return undefined to answer with the JSON refusal.
   */
  respond?: (error: AppError, request: Request) => Response | undefined;
}

export type RouteContext<Context extends object, Input, Params> = Context & { request: Request; input: Input; params: Params };

type Input<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/**
 * Every route handler is written with this: the gate, the body within its limit, the schema,
 * then the handler. A refusal (AppError, thrown by the gate, the parsing or the handler) becomes
 * JSON `{ ok: false, code, message, stepUpUrl? }` with its status, or what `respond` makes of it;
 * a body over its limit → 413; PostgreSQL unreachable or out of connections → 503 with
 * Retry-After. Anything else is a bug and still surfaces as one.
 */
export function route<Context extends object, Schema extends z.ZodType | undefined = undefined, Params = Record<string, string>>(
  options: RouteOptions<Context, Schema>,
  handler: (context: RouteContext<Context, Input<Schema>, Params>) => Promise<Response>,
): (request: Request, context?: { params: Promise<object> }) => Promise<Response> {
  return async (request, routeContext) => {
    try {
      const gateContext = await options.gate(request);
      const input = (await readInput(request, options)) as Input<Schema>;
      // Next.js gives the route's segments; Params (by default one string per [segment]) is the route's word for them.
      const params = ((await routeContext?.params) ?? {}) as Params;
      return await handler({ ...gateContext, request, input, params });
    } catch (error) {
      if (error instanceof AppError) return options.respond?.(error, request) ?? appErrorResponse(error);
      if (error instanceof PayloadTooLargeError) return payloadTooLargeResponse(error.maxBytes);
      if (isDatabaseOutage(error)) return databaseOutageResponse(request);
      throw error;
    }
  };
}

async function readInput(request: Request, options: RouteOptions<object, z.ZodType | undefined>): Promise<unknown> {
  if (!options.body && !options.schema) return undefined;
  const raw = !options.body
    ? Object.fromEntries(new URL(request.url).searchParams)
    : options.body === "json"
      ? await readSmallJson(request, options.maxBytes ?? DEFAULT_BODY_LIMIT)
      : await readSmallFields(request, options.maxBytes ?? DEFAULT_BODY_LIMIT);
  if (raw === null) throw options.invalid ?? AppError.of("service", "invalid-input");
  if (!options.schema) return raw;
  const parsed = options.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw options.invalid ?? new AppError("invalid-input", parsed.error.issues[0]?.message ?? userMessage("service", "invalid-input"));
}

async function readSmallFields(request: Request, maxBytes: number): Promise<Record<string, string> | null> {
  const form = await readSmallForm(request, maxBytes);
  return form ? Object.fromEntries(form) : null;
}

/** A refusal as JSON: a code for programs, a sentence for people, never a stack trace. */
export function appErrorResponse(error: AppError): Response {
  const body = {
    ok: false,
    code: error.code,
    message: error.userMessage,
    ...(error.stepUpUrl ? { stepUpUrl: error.stepUpUrl } : {}),
    ...error.extra,
  };
  return Response.json(body, { status: error.status, headers: { "Cache-Control": "no-store", ...error.headers } });
}

export function payloadTooLargeResponse(maxBytes: number): Response {
  return Response.json(
    { ok: false, code: "payload-too-large", message: `This request is too large. Send at most ${Math.round(maxBytes / 1024)} KB.` },
    { status: 413, headers: { "Cache-Control": "no-store", Connection: "close" } },
  );
}
