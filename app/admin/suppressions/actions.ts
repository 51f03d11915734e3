"use server";

import { revalidatePath } from "next/cache";
import { firstIssue, formFields, liftSuppressionInput } from "@/lib/admin/action-inputs";
import { toActionFailure, type AdminActionResult } from "@/lib/admin/admin-errors";
import { assertAdminForAction } from "@/lib/admin/require-admin";
import { liftSuppression } from "@/lib/admin/suppressions";

export async function liftSuppressionAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = liftSuppressionInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    await liftSuppression(actor, input.data.email);
    revalidatePath("/admin/suppressions");
    return { ok: true, data: undefined, message: "Suppression lifted: mail to this address goes out again." };
  } catch (error) {
    return toActionFailure(error);
  }
}
