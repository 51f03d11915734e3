/** Client side: a refusal that asks for a step-up (or a new sign-in) moves the browser there; true if it did. */
export function followRefusal(result: { ok: boolean; code?: string; stepUpUrl?: string }): boolean {
  if (result.ok) return false;
  if (result.code === "step-up-required" && result.stepUpUrl) return navigate(result.stepUpUrl);
  if (result.code === "signed-out") return navigate(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
  return false;
}

/** A full navigation on purpose: these screens must render fresh on the server, with the cookies as they are now. */
function navigate(path: string): true {
  window.location.assign(path);
  return true;
}

export interface JsonAnswer {
  ok: boolean;
  code?: string;
  message?: string;
  stepUpUrl?: string;
  [key: string]: unknown;
}

/** POSTs JSON to one of our route handlers; network trouble becomes an answer, not an exception. */
export async function postJson(url: string, body: unknown): Promise<JsonAnswer> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    return (await response.json()) as JsonAnswer;
  } catch {
    return { ok: false, code: "network", message: "Could not reach the server. Check your connection and try again." };
  }
}
