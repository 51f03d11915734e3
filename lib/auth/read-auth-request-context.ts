import { authJsTokenHash } from "../magic-link/redeem/sign-in-grant";
import { readRequestFacts } from "../request/request-facts";
import type { AuthRequestContext } from "./auth-request-context";

/** The facts the guarded adapter needs about a request to Auth.js, read once before Auth.js runs. */
export async function readAuthRequestContext(request: Request): Promise<AuthRequestContext> {
  const facts = await readRequestFacts(request.method);
  const token = grantTokenIn(request.url);
  return {
    ip: facts.ip,
    userAgent: facts.userAgent,
    deviceHash: facts.deviceHash,
    grantTokenHash: token ? authJsTokenHash(token) : null,
  };
}

/**
 * The sign-in grant's token as Auth.js's email callback reads it: the query's `token`, the
 * last one when it is repeated (Auth.js builds its query with Object.fromEntries).
 */
export function grantTokenIn(url: string): string | null {
  return new URL(url).searchParams.getAll("token").at(-1) || null;
}
