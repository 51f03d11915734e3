"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/admin/action-inputs";
import { createApiToken, revokeApiToken } from "@/lib/audit-stream/api-tokens";
import { done, formAction } from "@/lib/request/action";
import { adminGate } from "@/lib/request/gates";

/** The one place a token is ever shown: in this answer, once. */
export const createApiTokenAction = formAction({ gate: adminGate, schema: createApiTokenInput }, async ({ name }, { actor }) => {
  const { token } = await createApiToken(actor, name, "audit:read");
  revalidatePath("/admin/api-tokens");
  return done({ token }, "Token created. Copy it now: it is not shown again.");
});

export const revokeApiTokenAction = formAction({ gate: adminGate, schema: revokeApiTokenInput }, async ({ tokenId }, { actor }) => {
  await revokeApiToken(actor, tokenId);
  revalidatePath("/admin/api-tokens");
  return done(null, "Token revoked: it is refused from now on.");
});
