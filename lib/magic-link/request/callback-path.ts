/**
 * Where to send the user after sign-in. Only relative paths on the allow-list pass
 * (ASVS 3.7.2): anything that a browser might read as another origin ("//evil",
 * "/\evil", "https:", "javascript:") or that a server might decode into one ("/%2F%2Fevil")
 * falls back to the default.
 */

export const DEFAULT_CALLBACK_PATH = "/account";
const MAX_LENGTH = 512;

// The pathname: unreserved characters and "/" only. No "%" at all, so no encoded slash,
// backslash or dot can be decoded into something else further down the line.
const SAFE_PATHNAME = /^\/[A-Za-z0-9\-._~/]*$/;
// The query: printable ASCII without spaces, quotes, angle brackets or backslashes.
const SAFE_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;

export function safeCallbackPath(raw: unknown, allowList: string[]): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return DEFAULT_CALLBACK_PATH;
  // The fragment never reaches the server and has no business in a redirect.
  const withoutFragment = raw.split("#", 1)[0];
  const queryAt = withoutFragment.indexOf("?");
  const pathname = queryAt < 0 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query = queryAt < 0 ? "" : withoutFragment.slice(queryAt + 1);

  if (!SAFE_PATHNAME.test(pathname) || !SAFE_QUERY.test(query)) return DEFAULT_CALLBACK_PATH;
  // "//host" is protocol-relative; "/./" and "/../" could climb out of an allowed prefix.
  if (pathname.includes("//") || pathname.split("/").some((segment) => segment === "." || segment === "..")) {
    return DEFAULT_CALLBACK_PATH;
  }
  return allowList.some((allowed) => isAtOrBelow(pathname, allowed)) ? withoutFragment : DEFAULT_CALLBACK_PATH;
}

/** "/account" covers "/account" and "/account/security", never "/accountevil". */
function isAtOrBelow(pathname: string, allowed: string): boolean {
  const base = allowed.trim().replace(/\/+$/, "");
  if (!allowed.trim().startsWith("/")) return false;
  if (base === "") return true; // "/" on the list: every safe relative path.
  return pathname === base || pathname.startsWith(`${base}/`);
}
