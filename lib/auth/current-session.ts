import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cookieNames } from "./cookie-names";
import { loadActiveSession, type ActiveSession } from "./session-store";

/** The signed-in session of this request, with timeouts and locks enforced; null when signed out. */
export async function getCurrentSession(): Promise<ActiveSession | null> {
  const token = (await cookies()).get(cookieNames.session())?.value;
  if (!token || token.length > 200) return null;
  return loadActiveSession(token);
}

/** For pages: a signed-out visitor is sent to /signin and brought back afterwards. */
export async function requireSession(returnTo = "/account"): Promise<ActiveSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}
