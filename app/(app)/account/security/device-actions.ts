"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { forgetRecognisedDevice } from "@/lib/account/recognised-devices";
import { redirectingAction } from "@/lib/request/action";
import { signedInGate } from "@/lib/request/gates";

/**
 * A form action (works without JavaScript). Forgetting a browser only takes trust away: the
 * worst a stolen session can do with it is make the owner confirm with their factor once more,
 * so no step-up is asked. A sign-in still awaiting its factor is refused like everywhere else.
 */
export const forgetDeviceAction = redirectingAction(
  {
    gate: signedInGate(),
    schema: z.object({ deviceId: z.string().min(1).max(40) }),
    refused: (failure) => failure.stepUpUrl ?? (failure.code === "signed-out" ? "/signin" : "/account/security"),
  },
  async ({ deviceId }, { session, facts }) => {
    await forgetRecognisedDevice(session, deviceId, facts);
    revalidatePath("/account/security");
  },
);
