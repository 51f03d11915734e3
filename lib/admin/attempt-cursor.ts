/**
 * Opaque keyset cursors for the attempts list: the sort key of the last row shown.
 * Decoding checks every part, so a tampered cursor just restarts at the first page.
 */
export interface AttemptCursor {
  riskScore: number;
  requestedAt: Date;
  id: string;
}

export function encodeAttemptCursor(cursor: AttemptCursor): string {
  return Buffer.from(JSON.stringify([cursor.riskScore, cursor.requestedAt.toISOString(), cursor.id])).toString("base64url");
}

export function decodeAttemptCursor(raw: unknown): AttemptCursor | null {
  if (typeof raw !== "string" || raw.length > 200) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [riskScore, requestedAt, id] = value;
    const date = new Date(String(requestedAt));
    if (!Number.isInteger(riskScore) || Number.isNaN(date.getTime()) || typeof id !== "string" || !/^[a-z0-9]{1,40}$/.test(id)) return null;
    return { riskScore, requestedAt: date, id };
  } catch {
    return null;
  }
}
