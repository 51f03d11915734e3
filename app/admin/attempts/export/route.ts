import { adminActionEvent } from "@/lib/admin/admin-audit";
import { parseAttemptFilters } from "@/lib/admin/attempt-filters";
import { iterateAttempts } from "@/lib/admin/attempts-list";
import { csvRow } from "@/lib/admin/csv";
import { recordEvents } from "@/lib/audit/record-events";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { describeDevice } from "@/lib/request/device-description";
import { adminGate } from "@/lib/request/gates";
import { route } from "@/lib/request/route";

const MAX_ROWS = 200_000;
const HEADER = [
  "id",
  "requested_at_utc",
  "email",
  "status",
  "risk_level",
  "risk_score",
  "risk_reasons",
  "request_ip",
  "request_device",
  "redeemed_at_utc",
  "redeemed_via",
  "redeem_ip",
  "delivery",
  "fetches",
  "code_failures",
  "failure_reason",
];

/** The filtered attempts as CSV, streamed page by page (keyset), defused against formula injection. */
export const GET = route({ gate: adminGate }, async ({ request, actor }) => {
  const url = new URL(request.url);
  const { filters, fieldErrors } = parseAttemptFilters(Object.fromEntries(url.searchParams));
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError("invalid-filters", "Some filters are invalid; correct them and export again.", { extra: { fieldErrors } });
  }
  const filterDetails = Object.fromEntries(
    ["email", "status", "risk", "ip", "from", "to", "sort"].flatMap((key) =>
      url.searchParams.get(key) ? [[key, url.searchParams.get(key)]] : [],
    ),
  );
  await recordEvents(db, [adminActionEvent(actor, "attempts.export", { filters: filterDetails, maxRows: MAX_ROWS })]);

  const encoder = new TextEncoder();
  const rows = iterateAttempts(filters, MAX_ROWS);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(HEADER)));
    },
    async pull(controller) {
      let chunk = "";
      for (let count = 0; count < 500; count++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const row = next.value;
        chunk += csvRow([
          row.id,
          row.requestedAt,
          row.email,
          row.displayStatus,
          row.riskLevel,
          row.riskScore,
          row.riskReasons.map((r) => r.reason).join(" | "),
          row.requestIp,
          describeDevice(row.requestUserAgent).label,
          row.redeemedAt,
          row.redeemedVia,
          row.redeemIp,
          row.deliveryStatus,
          row.fetchCount,
          row.codeFailures,
          row.failureReason,
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sign-in-attempts-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
