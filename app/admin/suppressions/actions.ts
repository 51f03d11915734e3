"use server";

import { revalidatePath } from "next/cache";
import { liftSuppressionInput } from "@/lib/admin/action-inputs";
import { liftSuppression } from "@/lib/admin/suppressions";
import { done, formAction } from "@/lib/request/action";
import { adminGate } from "@/lib/request/gates";

export const liftSuppressionAction = formAction({ gate: adminGate, schema: liftSuppressionInput }, async ({ email }, { actor }) => {
  await liftSuppression(actor, email);
  revalidatePath("/admin/suppressions");
  return done(null, "Suppression lifted: mail to this address goes out again.");
});
