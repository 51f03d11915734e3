import { AppError } from "../errors/app-error";
import type { MessageCode } from "../errors/user-messages";

/** Why an email-change or undo link did nothing (messages: USER_MESSAGES.emailChange). */
export type EmailChangeRefusal = Exclude<MessageCode<"emailChange">, "invalid-email">;

/** Thrown inside a transaction to roll it back; the caller turns it back into an outcome. */
export const emailChangeRefused = (code: EmailChangeRefusal) => AppError.of("emailChange", code, { status: 409 });

export function emailChangeRefusal(error: unknown): EmailChangeRefusal | null {
  return error instanceof AppError && Object.hasOwn(REFUSALS, error.code) ? (error.code as EmailChangeRefusal) : null;
}

const REFUSALS: Record<EmailChangeRefusal, true> = {
  "invalid-link": true,
  expired: true,
  "already-used": true,
  stale: true,
  "address-taken": true,
  locked: true,
};
