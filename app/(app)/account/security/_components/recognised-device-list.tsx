import { formatTime } from "@/app/(app)/account/_components/format-time";
import type { RecognisedDeviceRow } from "@/lib/account/recognised-devices";

/** Browsers that sign in by email alone, each with a way to stop recognising it. */
export function RecognisedDeviceList({
  devices,
  forgetAction,
}: {
  devices: RecognisedDeviceRow[];
  forgetAction: (formData: FormData) => Promise<void>;
}) {
  if (devices.length === 0)
    return (
      <p className="pb-4 text-sm text-slate-500" data-testid="no-recognised-devices">
        No recognised browsers yet.
      </p>
    );
  return (
    <ul className="divide-y divide-slate-100" data-testid="recognised-devices">
      {devices.map((device) => (
        <li key={device.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="recognised-device">
          <div className="min-w-0 text-sm">
            <p className="font-medium text-slate-900">
              {device.label}
              {device.current ? (
                <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700">This browser</span>
              ) : null}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              Last sign-in {formatTime(device.lastSignInAt)} from {device.lastIp ?? "an unknown IP"} · Confirmed{" "}
              {formatTime(device.factorProvenAt)}
            </p>
          </div>
          <form action={forgetAction}>
            <input type="hidden" name="deviceId" value={device.id} />
            <button
              type="submit"
              className="rounded-lg px-3 py-1.5 text-sm font-semibold text-rose-700 ring-1 ring-inset ring-rose-200 hover:bg-rose-50"
            >
              Forget
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
