import { redirect } from "next/navigation";
import type { z } from "zod";
import type { ActionFailure, ActionResult } from "../errors/action-result";
import { AppError } from "../errors/app-error";
import { userMessage } from "../errors/user-messages";
import type { Gate } from "./gate";

export interface ActionOptions<Context extends object, Schema extends z.ZodType | undefined> {
  /** Who may call (lib/request/gates.ts): checked first, however the action is called. */
  gate: Gate<Context>;
  /** Validates the input (a form's string fields, or what a client component passed). */
  schema?: Schema;
  /** The refusal for invalid input; by default invalid-input with zod's first issue. */
  invalid?: AppError;
}

type Input<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;
type Body<Context extends object, Schema, T> = (input: Input<Schema>, context: Context) => Promise<Done<T>>;

/** What an action body returns: its data and, for admin forms, a sentence saying what happened. */
export type Done<T> = { ok: true; data: T; message?: string };
export function done(): Done<null>;
export function done<T>(data: T, message?: string): Done<T>;
export function done<T>(data?: T, message?: string): Done<T | null> {
  return message === undefined ? { ok: true, data: data ?? null } : { ok: true, data: data ?? null, message };
}

/**
 * A server action called from a client component with one argument: gate, schema, body.
 * A refusal (AppError) becomes `{ ok: false, code, message, stepUpUrl? }`. An outage is not
 * caught: Next.js answers the action's request with an error, which instrumentation.ts turns
 * into a 503 (lib/request/database-outage.ts), and the page shows its error boundary.
 */
export function action<Context extends object, Schema extends z.ZodType | undefined, T>(
  options: ActionOptions<Context, Schema>,
  body: Body<Context, Schema, T>,
): (input?: unknown) => Promise<ActionResult<T>> {
  return async (input) => run(options, body, input);
}

/** The same for a form with useActionState: `(previousState, formData)`, its string fields as input. */
export function formAction<Context extends object, Schema extends z.ZodType | undefined, T>(
  options: ActionOptions<Context, Schema>,
  body: Body<Context, Schema, T>,
): (previous: unknown, formData: FormData) => Promise<ActionResult<T>> {
  return async (_previous, formData) => run(options, body, formFields(formData));
}

/**
 * A plain form action (works without JavaScript) whose outcome is a page: the body redirects
 * (or returns, and the page re-renders); a refusal redirects to where `refused` says.
 */
export function redirectingAction<Context extends object, Schema extends z.ZodType | undefined>(
  options: ActionOptions<Context, Schema> & { refused: (failure: ActionFailure) => string },
  body: (input: Input<Schema>, context: Context) => Promise<void>,
): (formData: FormData) => Promise<void> {
  return async (formData) => {
    const result = await run(options, async (input, context) => (await body(input, context), done()), formFields(formData));
    if (!result.ok) redirect(options.refused(result));
  };
}

async function run<Context extends object, Schema extends z.ZodType | undefined, T>(
  options: ActionOptions<Context, Schema>,
  body: Body<Context, Schema, T>,
  raw: unknown,
): Promise<ActionResult<T>> {
  try {
    const context = await options.gate(null);
    return await body(parse(options, raw) as Input<Schema>, context);
  } catch (error) {
    if (error instanceof AppError) return failure(error);
    throw error;
  }
}

function parse(options: ActionOptions<object, z.ZodType | undefined>, raw: unknown): unknown {
  if (!options.schema) return undefined;
  const parsed = options.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw options.invalid ?? new AppError("invalid-input", parsed.error.issues[0]?.message ?? userMessage("service", "invalid-input"));
}

export function failure(error: AppError): ActionFailure {
  return {
    ok: false,
    code: error.code,
    message: error.userMessage,
    ...(error.stepUpUrl ? { stepUpUrl: error.stepUpUrl } : {}),
    ...error.extra,
  };
}

/** FormData to a plain object of its string fields (files are not expected anywhere here). */
export function formFields(formData: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  // A server action is a public endpoint: a direct call may send anything in place of the form.
  if (!(formData instanceof FormData)) return fields;
  formData.forEach((value, key) => {
    if (typeof value === "string" && !key.startsWith("$ACTION")) fields[key] = value;
  });
  return fields;
}
