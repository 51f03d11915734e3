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

export const refusedOrigin = () => jsonError(403, "bad-origin", "This request must come from the sign-in page of this site.");

/** Reads a small urlencoded or multipart form; anything else or anything huge is refused. */
export async function readSmallForm(request: Request, maxBytes = 8_192): Promise<Map<string, string> | null> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > maxBytes) return null;
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
  try {
    const text = await request.text();
    if (text.length > maxBytes) return null;
    const form = type.startsWith("multipart/")
      ? await new Response(text, { headers: { "content-type": type } }).formData()
      : new URLSearchParams(text);
    const fields = new Map<string, string>();
    form.forEach((value, key) => {
      if (typeof value === "string" && !fields.has(key)) fields.set(key, value);
    });
    return fields;
  } catch {
    return null;
  }
}

export async function readSmallJson(request: Request, maxBytes = 8_192): Promise<Record<string, unknown> | null> {
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return null;
  try {
    const text = await request.text();
    if (text.length > maxBytes) return null;
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
