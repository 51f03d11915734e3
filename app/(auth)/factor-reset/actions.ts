"use server";

import { z } from "zod";
import { failed, type ActionResult } from "@/lib/account/action-result";
import { CANCEL_MESSAGES, cancelFactorResetByOwner } from "@/lib/account/factor-reset";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestHasSameOrigin } from "@/lib/request/same-origin";

const input = z.object({ resetId: z.string().min(1).max(40), secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** The owner's "cancel the reset": the link's secret is the permission; no session is needed (or used). */
export async function cancelFactorResetAction(raw: unknown): Promise<ActionResult<null>> {
  if (!(await requestHasSameOrigin())) return failed("bad-origin", "This request must come from a page of this site.");
  const parsed = input.safeParse(raw);
  if (!parsed.success) return failed("invalid-link", CANCEL_MESSAGES["invalid-link"]);
  const result = await cancelFactorResetByOwner(parsed.data.resetId, parsed.data.secret, await readRequestFacts("POST"));
  return result.ok ? { ok: true, data: null } : failed(result.refusal, CANCEL_MESSAGES[result.refusal]);
}
