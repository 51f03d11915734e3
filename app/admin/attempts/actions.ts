"use server";

import { revalidatePath } from "next/cache";
import { cancelAttemptInput, lockAccountInput } from "@/lib/admin/action-inputs";
import { lockAccount } from "@/lib/admin/account-lock";
import { cancelAttempt } from "@/lib/admin/cancel-attempt";
import { done, formAction } from "@/lib/request/action";
import { adminGate } from "@/lib/request/gates";

export const cancelAttemptAction = formAction({ gate: adminGate, schema: cancelAttemptInput }, async ({ attemptId }, { actor }) => {
  await cancelAttempt(actor, attemptId);
  revalidatePath(`/admin/attempts/${attemptId}`);
  return done(null, "Attempt cancelled: its link and code no longer work.");
});

export const lockAccountFromAttemptAction = formAction(
  { gate: adminGate, schema: lockAccountInput },
  async ({ userId, reason }, { actor }) => {
    const result = await lockAccount(actor, userId, reason);
    revalidatePath("/admin", "layout");
    return done(null, `Account locked: ${result.sessionsEnded} session(s) ended, ${result.attemptsStopped} open link(s) stopped.`);
  },
);
