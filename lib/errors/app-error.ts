import { userMessage, type AppErrorCode, type MessageArea, type MessageCode } from "./user-messages";

export type { AppErrorCode } from "./user-messages";

const DEFAULT_STATUS: Partial<Record<AppErrorCode, number>> = {
  "bad-origin": 403,
  "signed-out": 401,
  "step-up-required": 403,
  "not-found": 404,
  conflict: 409,
};

export interface AppErrorOptions {
  /** The HTTP status a route handler answers with; by default 403/401/404/409 for the access and lookup codes, else 400. */
  status?: number;
  /** Where the person can prove it's them and come back (step-up refusals). */
  stepUpUrl?: string;
  /** Extra headers for a route handler's answer (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** Extra fields of the refusal a client needs (the proof methods an undo accepts). */
  extra?: Record<string, unknown>;
}

/**
 * The one refusal type: a code for programs and a sentence for people, thrown from lib or an
 * action/route body and turned by the wrappers (lib/request/action.ts, lib/request/route.ts)
 * into an ActionResult, a JSON answer or a redirect. Anything else thrown is a bug (or an
 * outage) and is never shown to the person.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  readonly stepUpUrl?: string;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    options: AppErrorOptions = {},
  ) {
    super(userMessage);
    this.status = options.status ?? DEFAULT_STATUS[code] ?? 400;
    this.stepUpUrl = options.stepUpUrl;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  /** A refusal whose sentence comes from the one message map (lib/errors/user-messages.ts). */
  static of<Area extends MessageArea>(area: Area, code: MessageCode<Area>, options?: AppErrorOptions): AppError {
    return new AppError(code as AppErrorCode, userMessage(area, code), options);
  }
}
