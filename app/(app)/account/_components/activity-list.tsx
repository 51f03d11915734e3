import { describeDevice } from "@/lib/request/device-description";
import { formatTime } from "./format-time";

export interface ActivityRow {
  seq: string;
  createdAt: Date;
  label: string;
  outcome: string | null;
  ip: string | null;
  userAgent: string | null;
}

export function ActivityList({ events }: { events: ActivityRow[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No activity yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="activity-list">
      {events.map((event) => (
        <li key={event.seq} className="flex flex-wrap items-baseline justify-between gap-2 py-2.5 text-sm">
          <span className={`font-medium ${event.outcome === "failure" ? "text-rose-700" : "text-slate-900"}`}>{event.label}</span>
          <span className="text-xs text-slate-500">
            {event.userAgent ? `${describeDevice(event.userAgent).label} · ` : ""}
            {event.ip ? `${event.ip} · ` : ""}
            {formatTime(event.createdAt)}
          </span>
        </li>
      ))}
    </ol>
  );
}
