import { z } from "zod";
import { EMAIL_CHANGE_MESSAGES } from "@/lib/account/email-change-error";
import { startRevertPasskey } from "@/lib/account/revert-email-change";
import { readSmallJson } from "@/lib/request/request-body";
import { jsonError, jsonOk, refusedOrigin } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { requestIsSameOrigin } from "@/lib/request/same-origin";

const input = z.object({ changeId: z.string().min(1).max(40), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/**
 * First half of proving an email-change undo with a passkey: the link's secret names the
 * change, and only passkeys the account had before the change are offered.
 */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const parsed = input.safeParse(await readSmallJson(request));
  if (!parsed.success) return jsonError(400, "invalid-link", EMAIL_CHANGE_MESSAGES["invalid-link"]);
  const started = await startRevertPasskey(parsed.data.changeId, parsed.data.token);
  if (!started.ok) return jsonError(409, started.code, EMAIL_CHANGE_MESSAGES[started.code]);
  return jsonOk({ options: started.options });
});
