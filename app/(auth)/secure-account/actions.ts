"use server";

import { z } from "zod";
import { failed, type ActionResult } from "@/lib/account/action-result";
import { SECURE_ACCOUNT_MESSAGES, secureAccountFromNotice } from "@/lib/account/secure-account";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestHasSameOrigin } from "@/lib/request/same-origin";

const input = z.object({ noticeId: z.string().min(1).max(40), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** "This wasn't me": the link's secret is the permission; no session is needed (or used). */
export async function secureAccountAction(raw: unknown): Promise<ActionResult<{ sessionsEnded: number; linksCancelled: number }>> {
  if (!(await requestHasSameOrigin())) return failed("bad-origin", "This request must come from a page of this site.");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return failed("invalid-link", SECURE_ACCOUNT_MESSAGES["invalid-link"]);
  const result = await secureAccountFromNotice(parsed.data.noticeId, parsed.data.secret, await readRequestFacts("POST"));
  return result.ok ? { ok: true, data: { sessionsEnded: result.sessionsEnded, linksCancelled: result.linksCancelled } } : failed(result.code, SECURE_ACCOUNT_MESSAGES[result.code]);
}
