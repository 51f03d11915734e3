"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { cancelFactorResetInput, eraseUserInput, firstIssue, formFields, lockAccountInput, requestFactorResetInput, revokeSessionsInput, unlockAccountInput } from "@/lib/admin/action-inputs";
import { cancelFactorResetByAdmin, requestFactorReset } from "@/lib/account/factor-reset";
import { formatDateTime } from "@/lib/format/time";
import { lockAccount, switchCodesBackOn, unlockAccount } from "@/lib/admin/account-lock";
import { toActionFailure, type AdminActionResult } from "@/lib/admin/admin-errors";
import { assertAdminForAction } from "@/lib/admin/require-admin";
import { adminActionEvent } from "@/lib/admin/admin-audit";
import { createEnrolmentInvitation, INVITATION_MINUTES } from "@/lib/step-up/enrolment-invitation";
import { revokeSessions } from "@/lib/admin/session-revocation";
import { eraseUserData } from "@/lib/privacy/erase-user-data";

const invalid = (message: string): AdminActionResult => ({ ok: false, code: "invalid-input", message });

export async function revokeSessionsAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = revokeSessionsInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const { revoked } = await revokeSessions(actor, input.data.userId, input.data.sessionId ?? null);
    revalidatePath(`/admin/users/${input.data.userId}`);
    return { ok: true, data: undefined, message: revoked === 1 ? "1 session revoked." : `${revoked} sessions revoked.` };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function lockAccountAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = lockAccountInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const result = await lockAccount(actor, input.data.userId, input.data.reason);
    revalidatePath(`/admin/users/${input.data.userId}`);
    return { ok: true, data: undefined, message: `Account locked: ${result.sessionsEnded} session(s) ended, ${result.attemptsStopped} open link(s) stopped.` };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function unlockAccountAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = unlockAccountInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    await unlockAccount(actor, input.data.userId);
    revalidatePath(`/admin/users/${input.data.userId}`);
    return { ok: true, data: undefined, message: "Account unlocked. The owner can request a new sign-in link." };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function switchCodesOnAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = unlockAccountInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    await switchCodesBackOn(actor, input.data.userId);
    revalidatePath(`/admin/users/${input.data.userId}`);
    return { ok: true, data: undefined, message: "Codes switched back on. Wrong codes count from zero again." };
  } catch (error) {
    return toActionFailure(error);
  }
}

const INVITATION_REFUSALS = {
  "not-found": "That account does not exist.",
  "not-admin": "Only administrators need an invitation: everyone else sets up a factor after signing in.",
  "has-factor": "This administrator already has a passkey or authenticator app.",
} as const;

/** The code is shown once, to the inviting administrator, who gives it to the person out of band. */
export async function inviteFirstFactorAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = unlockAccountInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const auditAs = adminActionEvent(actor, "factor.invite", { targetUserId: input.data.userId });
    const invitation = await createEnrolmentInvitation({ id: input.data.userId }, { userId: actor.userId, auditAs });
    if (!invitation.ok) return { ok: false, code: invitation.reason === "not-found" ? "not-found" : "conflict", message: INVITATION_REFUSALS[invitation.reason] };
    return {
      ok: true,
      data: undefined,
      message: `Invitation for ${invitation.email}: ${invitation.code.toUpperCase()} — valid ${INVITATION_MINUTES} minutes, once. Give it to them in person or by phone, never by email.`,
    };
  } catch (error) {
    return toActionFailure(error);
  }
}

/** Step-up gated like every admin action; the reset itself waits out FACTOR_RESET_DELAY_HOURS (lib/account/factor-reset.ts). */
export async function requestFactorResetAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = requestFactorResetInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const { effectiveAt } = await requestFactorReset(actor, input.data.userId, input.data.reason);
    revalidatePath(`/admin/users/${input.data.userId}`);
    return { ok: true, data: undefined, message: `Reset requested. It takes effect ${formatDateTime(effectiveAt)} unless the owner or an administrator cancels it; the owner has been emailed.` };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function cancelFactorResetAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  try {
    const actor = await assertAdminForAction();
    const input = cancelFactorResetInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const { userId } = await cancelFactorResetByAdmin(actor, input.data.resetId);
    revalidatePath(`/admin/users/${userId}`);
    return { ok: true, data: undefined, message: "Reset cancelled. Nothing was removed; the owner has been emailed." };
  } catch (error) {
    return toActionFailure(error);
  }
}

export async function eraseUserDataAction(_previous: AdminActionResult | null, formData: FormData): Promise<AdminActionResult> {
  let erased: string;
  try {
    const actor = await assertAdminForAction();
    const input = eraseUserInput.safeParse(formFields(formData));
    if (!input.success) return invalid(firstIssue(input.error));
    const result = await eraseUserData(actor, input.data.userId, input.data.confirmEmail);
    erased = `${result.attempts}-${result.auditEvents}`;
  } catch (error) {
    return toActionFailure(error);
  }
  revalidatePath("/admin/users");
  redirect(`/admin/users?erased=${erased}`);
}
