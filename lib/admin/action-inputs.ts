import { z } from "zod";

/** One schema per admin action input, shared by the forms (field names) and the actions. */
const id = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[a-z0-9]{1,40}$/, `Not a valid ${what} id`);

export const cancelAttemptInput = z.object({ attemptId: id("attempt") });

export const lockAccountInput = z.object({
  userId: id("user"),
  reason: z.string().trim().min(3, "Say briefly why (at least 3 characters)").max(200, "Keep the reason under 200 characters"),
  attemptId: id("attempt").optional(),
});

export const unlockAccountInput = z.object({ userId: id("user") });

export const requestFactorResetInput = z.object({
  userId: id("user"),
  reason: z
    .string()
    .trim()
    .min(10, "Say how you checked it is the owner asking (at least 10 characters)")
    .max(200, "Keep the reason under 200 characters"),
});

export const cancelFactorResetInput = z.object({ resetId: id("reset") });

export const revokeSessionsInput = z.object({
  userId: id("user"),
  /** Absent: every session of the user. */
  sessionId: z.preprocess((value) => (value === "" ? undefined : value), id("session").optional()),
});

export const acknowledgeAlertInput = z.object({ alertId: id("alert") });

export const eraseUserInput = z.object({
  userId: id("user"),
  confirmEmail: z.string().trim().min(3, "Type the account's address to confirm").max(320),
});

export const liftSuppressionInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, "Not an email address"),
});

export const createApiTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(3, "Name the token after what will use it (at least 3 characters)")
    .max(80, "Keep the name under 80 characters"),
});

export const revokeApiTokenInput = z.object({ tokenId: id("token") });
