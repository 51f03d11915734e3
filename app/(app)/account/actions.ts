"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { requestHasSameOrigin } from "@/lib/request/same-origin";

export async function signOutAction(): Promise<void> {
  if (!(await requestHasSameOrigin())) redirect("/account");
  // Auth.js deletes the session row (the guarded adapter records it) and clears the cookie.
  await signOut({ redirect: false });
  redirect("/signin?signedOut=1");
}
