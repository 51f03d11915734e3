/**
 * Structured, single-line logs. Callers pass facts, never secrets (no tokens, codes or links);
 * values are JSON-encoded so user-controlled text cannot forge a log line.
 */
export function logEvent(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
