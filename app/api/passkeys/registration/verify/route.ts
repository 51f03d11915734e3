import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { signedInGate } from "@/lib/request/gates";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";
import { completeStepUp } from "@/lib/step-up/complete-step-up";
import { finishPasskeyRegistration, PASSKEY_NAME_MAX } from "@/lib/step-up/passkey-registration";

const body = z.object({
  response: z.looseObject({ id: z.string().min(1).max(1_400), type: z.literal("public-key") }),
  name: z
    .string()
    .max(PASSKEY_NAME_MAX * 2)
    .default(""),
});

/**
 * Second half of registration. The policy was checked when the options were issued; the
 * ceremony cookie (five minutes, this session, single use) carries that permission here.
 */
export const POST = route(
  { gate: signedInGate(), body: "json", maxBytes: 32_768, schema: body, invalid: AppError.of("passkeyRegistration", "bad-request") },
  async ({ session, facts, input }) => {
    const result = await finishPasskeyRegistration(session, input.response as unknown as RegistrationResponseJSON, input.name, facts);
    if (!result.ok) throw AppError.of("passkeyRegistration", result.code);
    // Registering with user verification is itself a passkey proof: no second prompt right after.
    await completeStepUp(session, "passkey", facts, "account.manageFactors");
    return jsonOk({ passkey: { id: result.id, name: result.name } });
  },
);
