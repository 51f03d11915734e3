"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth/current-session";
import { approveHeldSignIn, denyHeldSignIn } from "@/lib/auth/device-approval";
import type { ActiveSession } from "@/lib/auth/session-store";
import { AppError } from "@/lib/errors/app-error";
import type { ActionFailure } from "@/lib/errors/action-result";
import type { MessageCode } from "@/lib/errors/user-messages";
import { redirectingAction } from "@/lib/request/action";
import { sameOriginGate, type Gate } from "@/lib/request/gates";
import { readRequestFacts } from "@/lib/request/request-facts";

const sessionId = z.string().min(1).max(40);

/** Any signed-in page of the owner may answer a held sign-in: same origin and a session, nothing more. */
const ownerGate: Gate<{ session: ActiveSession }> = async (request) => {
  await sameOriginGate()(request);
  const session = await getCurrentSession();
  if (!session) throw AppError.of("access", "signed-out");
  return { session };
};

/** Form actions (they work without JavaScript); the outcome comes back in the address, its sentence in USER_MESSAGES.heldSignIn. */
const outcomePath = (outcome: MessageCode<"heldSignIn">) => `/account?approval=${outcome}#approvals`;

const refusedTo = (invalid: MessageCode<"heldSignIn">) => (failure: ActionFailure) =>
  failure.code === "bad-origin" ? "/account?approval=refused" : failure.code === "signed-out" ? "/signin" : outcomePath(invalid);

export const approveHeldSignInAction = redirectingAction(
  {
    gate: ownerGate,
    schema: z.object({
      sessionId,
      number: z
        .string()
        .trim()
        .regex(/^\d{2}$/),
    }),
    refused: refusedTo("wrong-number"),
  },
  async ({ sessionId, number }, { session }) => {
    const result = await approveHeldSignIn(session, sessionId, Number(number), await readRequestFacts("POST"));
    revalidatePath("/account");
    redirect(outcomePath(result.ok ? "approved" : result.code));
  },
);

export const denyHeldSignInAction = redirectingAction(
  { gate: ownerGate, schema: z.object({ sessionId }), refused: refusedTo("gone") },
  async ({ sessionId }, { session }) => {
    const denied = await denyHeldSignIn(session, sessionId, await readRequestFacts("POST"));
    revalidatePath("/account");
    redirect(outcomePath(denied ? "denied" : "gone"));
  },
);
