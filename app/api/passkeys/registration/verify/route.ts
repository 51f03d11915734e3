import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { jsonError, jsonOk } from "@/lib/request/responses";
import { readSmallJson } from "@/lib/request/request-body";
import { assertSignedInChange, refusalResponse } from "@/lib/step-up/assert-step-up";
import { completeStepUp } from "@/lib/step-up/complete-step-up";
import { finishPasskeyRegistration, PASSKEY_NAME_MAX } from "@/lib/step-up/passkey-registration";
import { route } from "@/lib/request/route";

const body = z.object({
  response: z.looseObject({ id: z.string().min(1).max(1_400), type: z.literal("public-key") }),
  name: z.string().max(PASSKEY_NAME_MAX * 2).default(""),
});

const MESSAGES = {
  expired: "That took too long. Start again.",
  "not-verified": "The passkey could not be verified. Start again.",
  "already-registered": "This passkey is already registered.",
} as const;

/**
 * Second half of registration. The policy was checked when the options were issued; the
 * ceremony cookie (five minutes, this session, single use) carries that permission here.
 */
export const POST = route(async function POST(request: Request) {
  const gate = await assertSignedInChange();
  if (!gate.ok) return refusalResponse(gate);
  const parsed = body.safeParse(await readSmallJson(request, 32_768));
  if (!parsed.success) return jsonError(400, "bad-request", "The passkey response could not be read.");
  const result = await finishPasskeyRegistration(gate.session, parsed.data.response as unknown as RegistrationResponseJSON, parsed.data.name, gate.facts);
  if (!result.ok) return jsonError(400, result.code, MESSAGES[result.code]);
  // Registering with user verification is itself a passkey proof: no second prompt right after.
  await completeStepUp(gate.session, "passkey", gate.facts, "account.manageFactors");
  return jsonOk({ passkey: { id: result.id, name: result.name } });
});
