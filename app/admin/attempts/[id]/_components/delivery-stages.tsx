import type { DeliveryStop, StageView } from "@/lib/admin/delivery-stages";
import { relativeTime } from "@/lib/admin/timeline-text";

/** The attempt's progress in a row of steps, each with its time after the request; what stopped the email, if anything, last. */
export function DeliveryStages({ stages, stop, requestedAt }: { stages: StageView[]; stop: DeliveryStop | null; requestedAt: Date }) {
  return (
    <ol className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3 xl:grid-cols-6" data-testid="delivery-stages">
      {stages.map((stage) => (
        <li
          key={stage.stage}
          data-stage={stage.stage}
          data-reached={stage.at ? "yes" : "no"}
          className={`rounded-lg border px-3 py-2 ${stage.at ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-slate-200 bg-white text-slate-400"}`}
        >
          <span className="block font-medium">{stage.label}</span>
          <span className="block font-mono text-xs tabular-nums">{stage.at ? relativeTime(stage.at, requestedAt) : "—"}</span>
        </li>
      ))}
      {stop ? (
        <li data-stage="stopped" className="col-span-full rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-rose-900">
          <span className="font-medium">{stop.label}</span>{" "}
          <span className="font-mono text-xs tabular-nums">{relativeTime(stop.at, requestedAt)}</span>
        </li>
      ) : null}
    </ol>
  );
}
