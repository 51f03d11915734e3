import { readEnv } from "../env";

/** A JSON error with a code and a sentence a person can act on; never a stack trace. */
export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ ok: false, code, message }, { status, headers: { "Cache-Control": "no-store" } });
}

export function jsonOk<T extends object>(data: T): Response {
  return Response.json({ ok: true, ...data }, { headers: { "Cache-Control": "no-store" } });
}

/** 303 so the browser follows with a GET and a secret in the request never stays in the address bar. */
export function seeOther(path: string): Response {
  const location = path.startsWith("/") ? `${readEnv().AUTH_URL}${path}` : `${readEnv().AUTH_URL}/`;
  return new Response(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
