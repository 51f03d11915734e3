"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  cancelFactorResetInput,
  eraseUserInput,
  lockAccountInput,
  requestFactorResetInput,
  revokeSessionsInput,
  unlockAccountInput,
} from "@/lib/admin/action-inputs";
import { cancelFactorResetByAdmin, requestFactorReset } from "@/lib/account/factor-reset";
import { formatDateTime } from "@/lib/format/time";
import { lockAccount, switchCodesBackOn, unlockAccount } from "@/lib/admin/account-lock";
import { adminActionEvent } from "@/lib/admin/admin-audit";
import { AppError } from "@/lib/errors/app-error";
import { done, formAction, type Done } from "@/lib/request/action";
import { adminGate } from "@/lib/request/gates";
import { createEnrolmentInvitation, INVITATION_MINUTES } from "@/lib/step-up/enrolment-invitation";
import { revokeSessions } from "@/lib/admin/session-revocation";
import { eraseUserData } from "@/lib/privacy/erase-user-data";

export const revokeSessionsAction = formAction(
  { gate: adminGate, schema: revokeSessionsInput },
  async ({ userId, sessionId }, { actor }) => {
    const { revoked } = await revokeSessions(actor, userId, sessionId ?? null);
    revalidatePath(`/admin/users/${userId}`);
    return done(null, revoked === 1 ? "1 session revoked." : `${revoked} sessions revoked.`);
  },
);

export const lockAccountAction = formAction({ gate: adminGate, schema: lockAccountInput }, async ({ userId, reason }, { actor }) => {
  const result = await lockAccount(actor, userId, reason);
  revalidatePath(`/admin/users/${userId}`);
  return done(null, `Account locked: ${result.sessionsEnded} session(s) ended, ${result.attemptsStopped} open link(s) stopped.`);
});

export const unlockAccountAction = formAction({ gate: adminGate, schema: unlockAccountInput }, async ({ userId }, { actor }) => {
  await unlockAccount(actor, userId);
  revalidatePath(`/admin/users/${userId}`);
  return done(null, "Account unlocked. The owner can request a new sign-in link.");
});

export const switchCodesOnAction = formAction({ gate: adminGate, schema: unlockAccountInput }, async ({ userId }, { actor }) => {
  await switchCodesBackOn(actor, userId);
  revalidatePath(`/admin/users/${userId}`);
  return done(null, "Codes switched back on. Wrong codes count from zero again.");
});

/** The code is shown once, to the inviting administrator, who gives it to the person out of band. */
export const inviteFirstFactorAction = formAction({ gate: adminGate, schema: unlockAccountInput }, async ({ userId }, { actor }) => {
  const auditAs = adminActionEvent(actor, "factor.invite", { targetUserId: userId });
  const invitation = await createEnrolmentInvitation({ id: userId }, { userId: actor.userId, auditAs });
  if (!invitation.ok)
    throw new AppError(
      invitation.reason === "not-found" ? "not-found" : "conflict",
      AppError.of("invitation", invitation.reason).userMessage,
    );
  return done(
    null,
    `Invitation for ${invitation.email}: ${invitation.code.toUpperCase()} — valid ${INVITATION_MINUTES} minutes, once. Give it to them in person or by phone, never by email.`,
  );
});

/** Step-up gated like every admin action; the reset itself waits out FACTOR_RESET_DELAY_HOURS (lib/account/factor-reset.ts). */
export const requestFactorResetAction = formAction(
  { gate: adminGate, schema: requestFactorResetInput },
  async ({ userId, reason }, { actor }) => {
    const { effectiveAt } = await requestFactorReset(actor, userId, reason);
    revalidatePath(`/admin/users/${userId}`);
    return done(
      null,
      `Reset requested. It takes effect ${formatDateTime(effectiveAt)} unless the owner or an administrator cancels it; the owner has been emailed.`,
    );
  },
);

export const cancelFactorResetAction = formAction({ gate: adminGate, schema: cancelFactorResetInput }, async ({ resetId }, { actor }) => {
  const { userId } = await cancelFactorResetByAdmin(actor, resetId);
  revalidatePath(`/admin/users/${userId}`);
  return done(null, "Reset cancelled. Nothing was removed; the owner has been emailed.");
});

export const eraseUserDataAction = formAction(
  { gate: adminGate, schema: eraseUserInput },
  async ({ userId, confirmEmail }, { actor }): Promise<Done<null>> => {
    const result = await eraseUserData(actor, userId, confirmEmail);
    revalidatePath("/admin/users");
    redirect(`/admin/users?erased=${result.attempts}-${result.auditEvents}`);
  },
);
