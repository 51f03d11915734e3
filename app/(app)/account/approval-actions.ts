"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth/current-session";
import { approveHeldSignIn, denyHeldSignIn } from "@/lib/auth/device-approval";
import { readRequestFacts } from "@/lib/request/request-facts";
import { requestHasSameOrigin } from "@/lib/request/same-origin";

const approval = z.object({ sessionId: z.string().min(1).max(40), number: z.string().trim().regex(/^\d{2}$/) });

/** Form actions (they work without JavaScript); the outcome comes back in the address. */
export async function approveHeldSignInAction(formData: FormData): Promise<void> {
  if (!(await requestHasSameOrigin())) redirect("/account?approval=refused");
  const session = await getCurrentSession();
  if (!session) redirect("/signin");
  const parsed = approval.safeParse({ sessionId: formData.get("sessionId"), number: formData.get("number") });
  if (!parsed.success) redirect("/account?approval=wrong-number#approvals");
  const result = await approveHeldSignIn(session, parsed.data.sessionId, Number(parsed.data.number), await readRequestFacts("POST"));
  revalidatePath("/account");
  redirect(`/account?approval=${result.ok ? "approved" : result.code}#approvals`);
}

export async function denyHeldSignInAction(formData: FormData): Promise<void> {
  if (!(await requestHasSameOrigin())) redirect("/account?approval=refused");
  const session = await getCurrentSession();
  if (!session) redirect("/signin");
  const sessionId = z.string().min(1).max(40).safeParse(formData.get("sessionId"));
  const denied = sessionId.success && (await denyHeldSignIn(session, sessionId.data, await readRequestFacts("POST")));
  revalidatePath("/account");
  redirect(`/account?approval=${denied ? "denied" : "gone"}#approvals`);
}
