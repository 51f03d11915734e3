import { authenticateApiToken } from "@/lib/audit-stream/api-tokens";
import { parseExportQuery } from "@/lib/audit-stream/export-query";
import { streamItemsToNdjson } from "@/lib/audit-stream/interleave-stream";
import { exportCursor, readStreamAfter } from "@/lib/audit-stream/read-events";
import { db } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { logEvent } from "@/lib/log";
import { openGate } from "@/lib/request/gate";
import { route } from "@/lib/request/route";

/**
 * The audit trail for a SIEM, as NDJSON in chain order with the signed checkpoints between the
 * events (README "Audit stream"): `GET /api/admin/audit/export?after=<seq>&after_checkpoint=<id>&limit=<n>`
 * with `Authorization: Bearer <API token>`. The next call's cursor comes back in `X-Next-After`,
 * `X-Next-After-Checkpoint` and in a `Link: <…>; rel="next"` header. The token is the gate.
 */
export const GET = route({ gate: openGate }, async ({ request }) => {
  const check = await authenticateApiToken(request.headers.get("authorization"), "audit:read");
  if (!check.ok) {
    logEvent("warn", "audit_export.refused", { error: check.error });
    throw new AppError(check.error, check.message, {
      status: check.status,
      headers: { "WWW-Authenticate": `Bearer realm="audit", error="${check.error}"` },
    });
  }
  const query = parseExportQuery(new URL(request.url).searchParams);
  if (!query.ok) throw new AppError("invalid-query", query.message);
  const page = await readStreamAfter(db, await exportCursor(db, query.after, query.afterCheckpoint), query.limit);
  const next = `${readEnv().AUTH_URL}/api/admin/audit/export?after=${page.next.lastSeq}&after_checkpoint=${page.next.lastCheckpointId}&limit=${query.limit}`;
  return new Response(streamItemsToNdjson(page.items), {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Next-After": page.next.lastSeq.toString(),
      "X-Next-After-Checkpoint": page.next.lastCheckpointId.toString(),
      "X-Has-More": String(page.hasMore),
      Link: `<${next}>; rel="next"`,
    },
  });
});
