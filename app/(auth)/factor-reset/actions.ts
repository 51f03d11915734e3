"use server";

import { z } from "zod";
import { cancelFactorResetByOwner } from "@/lib/account/factor-reset";
import { AppError } from "@/lib/errors/app-error";
import { action, done } from "@/lib/request/action";
import { sameOriginGate } from "@/lib/request/gates";
import { readRequestFacts } from "@/lib/request/request-facts";

const input = z.object({ resetId: z.string().min(1).max(40), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** The owner's "cancel the reset": the link's secret is the permission; no session is needed (or used). */
export const cancelFactorResetAction = action(
  { gate: sameOriginGate(), schema: input, invalid: AppError.of("factorResetCancel", "invalid-link") },
  async ({ resetId, secret }) => {
    const result = await cancelFactorResetByOwner(resetId, secret, await readRequestFacts("POST"));
    if (!result.ok) throw AppError.of("factorResetCancel", result.refusal);
    return done();
  },
);
