import { z } from "zod";
import { startRevertPasskey } from "@/lib/account/revert-email-change";
import { AppError } from "@/lib/errors/app-error";
import { signInPageGate } from "@/lib/request/gate";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

const input = z.object({ changeId: z.string().min(1).max(40), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/**
 * First half of proving an email-change undo with a passkey: the link's secret names the
 * change, and only passkeys the account had before the change are offered.
 */
export const POST = route(
  { gate: signInPageGate, body: "json", schema: input, invalid: AppError.of("emailChange", "invalid-link") },
  async ({ input }) => {
    const started = await startRevertPasskey(input.changeId, input.token);
    if (!started.ok) throw AppError.of("emailChange", started.code, { status: 409 });
    return jsonOk({ options: started.options });
  },
);
