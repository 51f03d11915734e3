"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenInput, firstIssue, formFields, revokeApiTokenInput } from "@/lib/admin/action-inputs";
import { toActionFailure, type AdminActionResult } from "@/lib/admin/admin-errors";
import { assertAdminForAction } from "@/lib/admin/require-admin";
import { createApiToken, revokeApiToken } from "@/lib/audit-stream/api-tokens";

/** The one place a token is ever shown: in this answer, once. */
export async function createApiTokenAction(_previous: AdminActionResult<{ token: string }> | null, formData: FormData): Promise<AdminActionResult<{ token: string }>> {
  try {
    const actor = await assertAdminForAction();
    const input = createApiTokenInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    const { token } = await createApiToken(actor, input.data.name, "audit:read");
    revalidatePath("/admin/api-tokens");
    return { ok: true, data: { token }, message: "Token created. Copy it now: it is not shown again." };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function revokeApiTokenAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = revokeApiTokenInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    await revokeApiToken(actor, input.data.tokenId);
    revalidatePath("/admin/api-tokens");
    return { ok: true, data: undefined, message: "Token revoked: it is refused from now on." };
  } catch (error) {
    return toActionFailure(error);
  }
}
