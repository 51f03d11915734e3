import { NextRequest } from "next/server";
import { cookieNames } from "./cookie-names";

/**
 * Auth.js answers 500 ("server configuration") when the callbackUrl query parameter or its
 * callback-url cookie is not a URL it can parse as http(s) (for example `javascript:x` or a
 * bare line break): it treats that as a misconfiguration. Neither ever holds such a value
 * when it comes from us, so a request carrying one loses it before Auth.js sees it and goes
 * on as if it had none (Auth.js then falls back to its default, and our redirect callback
 * still decides where anyone lands). Every value Auth.js accepts passes through unchanged.
 */
export function dropCallbackUrlsAuthJsRejects(request: NextRequest): NextRequest {
  const url = new URL(request.url);
  const cookieName = cookieNames.callbackUrl();
  const badQuery = url.searchParams.has("callbackUrl") && !acceptedByAuthJs(url.searchParams.get("callbackUrl")!, url.origin);
  const cookie = request.cookies.get(cookieName)?.value;
  const badCookie = cookie !== undefined && cookie !== "" && !acceptedByAuthJs(cookie, url.origin);
  if (!badQuery && !badCookie) return request;

  if (badQuery) url.searchParams.delete("callbackUrl");
  const headers = new Headers(request.headers);
  if (badCookie) {
    const kept = (request.headers.get("cookie") ?? "").split(";").filter((pair) => pair.split("=", 1)[0].trim() !== cookieName);
    headers.set("cookie", kept.join(";"));
  }
  const init = { method: request.method, headers, body: request.body, duplex: "half" };
  return new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]);
}

/** Auth.js's own test (@auth/core, lib/utils/assert.js: isValidHttpUrl). */
function acceptedByAuthJs(value: string, origin: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}
