import { headers } from "next/headers";
import { readEnv } from "../env";

/**
 * State-changing requests must come from our own pages. Next.js lets a server action
 * without an Origin header through with only a warning, so every action and route handler
 * that changes state checks this itself: a missing or foreign origin is refused.
 *
 * Our pages send `Referrer-Policy: no-referrer`, under which browsers send `Origin: null`
 * on form posts; for those, the browser-set `Sec-Fetch-Site: same-origin` (which no page
 * script can forge) is the proof.
 */
export function isSameOrigin(facts: { origin: string | null; secFetchSite: string | null }): boolean {
  if (facts.origin && facts.origin !== "null") return facts.origin === new URL(readEnv().AUTH_URL).origin;
  return facts.secFetchSite === "same-origin";
}

export function requestIsSameOrigin(request: Request): boolean {
  return isSameOrigin({ origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site") });
}

export async function requestHasSameOrigin(): Promise<boolean> {
  const headerList = await headers();
  return isSameOrigin({ origin: headerList.get("origin"), secFetchSite: headerList.get("sec-fetch-site") });
}
