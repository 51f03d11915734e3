import { authenticateApiToken } from "@/lib/audit-stream/api-tokens";
import { parseExportQuery } from "@/lib/audit-stream/export-query";
import { readEventsAfter } from "@/lib/audit-stream/read-events";
import { toNdjson } from "@/lib/audit-stream/stream-event";
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { logEvent } from "@/lib/log";
import { jsonError } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/**
 * The audit trail for a SIEM, as NDJSON in chain order (README "Audit stream"):
 * `GET /api/admin/audit/export?after=<seq>&limit=<n>` with `Authorization: Bearer <API token>`.
 * The next call's cursor comes back in `X-Next-After` and in a `Link: <…>; rel="next"` header.
 */
export const GET = route(async (request: Request) => {
  const check = await authenticateApiToken(request.headers.get("authorization"), "audit:read");
  if (!check.ok) {
    logEvent("warn", "audit_export.refused", { error: check.error });
    const response = jsonError(check.status, check.error, check.message);
    response.headers.set("WWW-Authenticate", `Bearer realm="audit", error="${check.error}"`);
    return response;
  }
  const query = parseExportQuery(new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, "invalid-query", query.message);
  const page = await readEventsAfter(db, query.after, query.limit);
  const next = `${readEnv().AUTH_URL}/api/admin/audit/export?after=${page.nextAfter}&limit=${query.limit}`;
  return new Response(toNdjson(page.events), {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Next-After": page.nextAfter.toString(),
      "X-Has-More": String(page.hasMore),
      Link: `<${next}>; rel="next"`,
    },
  });
});
