"use server";

import { z } from "zod";
import { secureAccountFromNotice } from "@/lib/account/secure-account";
import { AppError } from "@/lib/errors/app-error";
import { action, done } from "@/lib/request/action";
import { sameOriginGate } from "@/lib/request/gates";
import { readRequestFacts } from "@/lib/request/request-facts";

const input = z.object({ noticeId: z.string().min(1).max(40), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** "This wasn't me": the link's secret is the permission; no session is needed (or used). */
export const secureAccountAction = action(
  { gate: sameOriginGate(), schema: input, invalid: AppError.of("secureAccount", "invalid-link") },
  async ({ noticeId, secret }) => {
    const result = await secureAccountFromNotice(noticeId, secret, await readRequestFacts("POST"));
    if (!result.ok) throw AppError.of("secureAccount", result.code);
    return done({ sessionsEnded: result.sessionsEnded, linksCancelled: result.linksCancelled });
  },
);
