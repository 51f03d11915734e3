"use server";

import { revalidatePath } from "next/cache";
import { acknowledgeAlertInput } from "@/lib/admin/action-inputs";
import { acknowledgeAlert } from "@/lib/admin/alerts";
import { done, formAction } from "@/lib/request/action";
import { adminGate } from "@/lib/request/gates";

export const acknowledgeAlertAction = formAction({ gate: adminGate, schema: acknowledgeAlertInput }, async ({ alertId }, { actor }) => {
  await acknowledgeAlert(actor, alertId);
  revalidatePath("/admin", "layout");
  return done(null, "Acknowledged.");
});
