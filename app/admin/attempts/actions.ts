"use server";

import { revalidatePath } from "next/cache";
import { cancelAttemptInput, firstIssue, formFields, lockAccountInput } from "@/lib/admin/action-inputs";
import { lockAccount } from "@/lib/admin/account-lock";
import { toActionFailure, type AdminActionResult } from "@/lib/admin/admin-errors";
import { cancelAttempt } from "@/lib/admin/cancel-attempt";
import { assertAdminForAction } from "@/lib/admin/require-admin";

export async function cancelAttemptAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = cancelAttemptInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    await cancelAttempt(actor, input.data.attemptId);
    revalidatePath(`/admin/attempts/${input.data.attemptId}`);
    return { ok: true, data: undefined, message: "Attempt cancelled: its link and code no longer work." };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function lockAccountFromAttemptAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = lockAccountInput.safeParse(formFields(formData));
    if (!input.success) return { ok: false, code: "invalid-input", message: firstIssue(input.error) };
    const result = await lockAccount(actor, input.data.userId, input.data.reason);
    revalidatePath("/admin", "layout");
    return { ok: true, data: undefined, message: `Account locked: ${result.sessionsEnded} session(s) ended, ${result.attemptsStopped} open link(s) stopped.` };
  } catch (error) {
    return toActionFailure(error);
  }
}
