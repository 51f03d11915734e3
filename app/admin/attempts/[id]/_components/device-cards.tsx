import { formatUtc } from "@/app/admin/_components/format";
import type { DeviceCard } from "@/lib/admin/attempt-timeline";

/** The browsers involved in one attempt, side by side, so a mismatch is visible at a glance. */
export function DeviceCards({ devices }: { devices: DeviceCard[] }) {
  return (
    <div
      className={`grid grid-cols-1 gap-4 ${devices.length >= 3 ? "md:grid-cols-3" : devices.length === 2 ? "md:grid-cols-2" : ""}`}
      data-testid="device-cards"
    >
      {devices.map((device) => (
        <div key={device.role} className="rounded-xl border border-slate-200 bg-slate-50/60 p-4">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{device.role}</p>
          <p className="mt-1 text-sm font-semibold text-slate-900">{device.device}</p>
          <dl className="mt-2 space-y-1 text-xs text-slate-600">
            <div className="flex gap-2">
              <dt className="w-20 shrink-0 text-slate-500">IP</dt>
              <dd className="font-mono">{device.ip ?? "unknown"}</dd>
            </div>
            <div className="flex gap-2">
              <dt className="w-20 shrink-0 text-slate-500">Network</dt>
              <dd className="font-mono">{device.network ?? "—"}</dd>
            </div>
            <div className="flex gap-2">
              <dt className="w-20 shrink-0 text-slate-500">Browser ID</dt>
              <dd className="font-mono">{device.browserId ?? "—"}</dd>
            </div>
            <div className="flex gap-2">
              <dt className="w-20 shrink-0 text-slate-500">When</dt>
              <dd>{formatUtc(device.at)}</dd>
            </div>
          </dl>
          {device.note ? <p className="mt-2 text-xs font-medium text-slate-700">{device.note}</p> : null}
        </div>
      ))}
    </div>
  );
}
