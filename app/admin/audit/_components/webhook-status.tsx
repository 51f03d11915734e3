import { formatUtc } from "@/app/admin/_components/format";
import type { WebhookStatus } from "@/lib/audit-stream/webhook-status";

/** How far the audit stream's webhook sink has got, and why it is stuck if it is. */
export function WebhookStatusPanel({ status }: { status: WebhookStatus | null }) {
  if (!status) {
    return (
      <p className="rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600" data-testid="webhook-status">
        Audit stream: no webhook sink (set <code className="text-xs">AUDIT_WEBHOOK_URL</code>); SIEMs can pull with an API token.
      </p>
    );
  }
  const failing = status.failures > 0;
  return (
    <div
      role={failing ? "alert" : "status"}
      className={`rounded-xl border px-4 py-3 text-sm ${failing ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-700"}`}
      data-testid="webhook-status"
    >
      <p className="font-semibold">
        Audit stream to {status.host}: {status.lag === 0n ? "up to date" : `${status.lag.toString()} behind`} (delivered up to #
        {status.deliveredUpTo.toString()}, head #{status.headSeq.toString()})
      </p>
      <p className="mt-0.5 text-xs">
        Last delivered {formatUtc(status.lastSuccessAt)} · last attempt {formatUtc(status.lastAttemptAt)}
        {failing
          ? ` · ${status.failures} failure${status.failures === 1 ? "" : "s"} in a row, next try ${formatUtc(status.nextTryAt)}`
          : ""}
      </p>
      {status.lastError ? (
        <p className="mt-1 text-xs" data-testid="webhook-last-error">
          Last error: {status.lastError}
        </p>
      ) : null}
    </div>
  );
}
