"use server";

import { revalidatePath } from "next/cache";
import { acknowledgeAlertInput, firstIssue, formFields } from "@/lib/admin/action-inputs";
import { toActionFailure, type AdminActionResult } from "@/lib/admin/admin-errors";
import { acknowledgeAlert } from "@/lib/admin/alerts";
import { assertAdminForAction } from "@/lib/admin/require-admin";

export async function acknowledgeAlertAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = acknowledgeAlertInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    await acknowledgeAlert(actor, input.data.alertId);
    revalidatePath("/admin", "layout");
    return { ok: true, data: undefined, message: "Acknowledged." };
  } catch (error) {
    return toActionFailure(error);
  }
}
