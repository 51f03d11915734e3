"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { forgetRecognisedDevice } from "@/lib/account/recognised-devices";
import { assertSignedInChange } from "@/lib/step-up/assert-step-up";

/**
 * A form action (works without JavaScript). Forgetting a browser only takes trust away: the
 * worst a stolen session can do with it is make the owner confirm with their factor once more,
 * so no step-up is asked. A sign-in still awaiting its factor is refused like everywhere else.
 */
export async function forgetDeviceAction(formData: FormData): Promise<void> {
  const gate = await assertSignedInChange();
  if (!gate.ok) redirect(gate.stepUpUrl ?? (gate.code === "signed-out" ? "/signin" : "/account/security"));
  const deviceId = z.string().min(1).max(40).safeParse(formData.get("deviceId"));
  if (deviceId.success) await forgetRecognisedDevice(gate.session, deviceId.data, gate.facts);
  revalidatePath("/account/security");
}
