import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { stepUpPath } from "../step-up/return-to";
import { cookieNames } from "./cookie-names";
import { loadActiveSession, loadSessionAwaitingApproval, type ActiveSession } from "./session-store";

/**
 * The session cookie's live session, with timeouts and locks enforced, including one held back
 * at sign-in until the account's factor is proven (awaitingSignInFactor). Only the sign-in
 * step-up itself may use such a session: everything else goes through getCurrentSession.
 */
export async function getSessionEvenAwaitingFactor(): Promise<ActiveSession | null> {
  const token = await sessionCookie();
  return token ? loadActiveSession(token) : null;
}

/** The held session of a HIGH-risk sign-in waiting for a known browser's approval, for its waiting page only. */
export async function getSessionAwaitingApproval(): Promise<ActiveSession | null> {
  const token = await sessionCookie();
  return token ? loadSessionAwaitingApproval(token) : null;
}

async function sessionCookie(): Promise<string | null> {
  const token = (await cookies()).get(cookieNames.session())?.value;
  return token && token.length <= 200 ? token : null;
}

/** The signed-in session of this request; null when signed out or when the sign-in still awaits its factor. */
export async function getCurrentSession(): Promise<ActiveSession | null> {
  const session = await getSessionEvenAwaitingFactor();
  return session && !session.awaitingSignInFactor ? session : null;
}

/**
 * For pages: a signed-out visitor is sent to /signin, a sign-in still awaiting its factor to the
 * sign-in step-up, and either is brought back afterwards.
 */
export async function requireSession(returnTo = "/account"): Promise<ActiveSession> {
  const session = await requireSessionEvenAwaitingFactor(returnTo);
  if (session.awaitingSignInFactor) redirect(stepUpPath("account.signIn", returnTo));
  return session;
}

/** For the step-up page only: the one page a sign-in awaiting its factor may see. */
export async function requireSessionEvenAwaitingFactor(returnTo = "/account"): Promise<ActiveSession> {
  const session = await getSessionEvenAwaitingFactor();
  if (!session) {
    if (await getSessionAwaitingApproval()) redirect("/signin/awaiting-approval");
    redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  return session;
}
