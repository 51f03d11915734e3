"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { redirectingAction } from "@/lib/request/action";
import { sameOriginGate } from "@/lib/request/gates";

export const signOutAction = redirectingAction({ gate: sameOriginGate(), refused: () => "/account" }, async () => {
  // Auth.js deletes the session row (the guarded adapter records it) and clears the cookie.
  await signOut({ redirect: false });
  redirect("/signin?signedOut=1");
});
