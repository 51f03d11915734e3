/**
 * Small request bodies, read as a stream with a byte counter: a body over the limit is refused
 * the moment it crosses it (413), never buffered whole first — a few 50 MB uploads must not be
 * able to exhaust the server's memory, whether they announce their length or arrive chunked.
 */
export const DEFAULT_BODY_LIMIT = 8_192;

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`request body larger than ${maxBytes} bytes`);
  }
}

export async function readLimitedText(request: Request, maxBytes: number = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Reads a small urlencoded or multipart form; null for any other content type or a malformed body. */
export async function readSmallForm(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Map<string, string> | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
  const text = await readLimitedText(request, maxBytes);
  try {
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

/** Reads a small JSON object; null for another content type, malformed JSON or anything but an object. */
export async function readSmallJson(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Record<string, unknown> | null> {
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return null;
  const text = await readLimitedText(request, maxBytes);
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
