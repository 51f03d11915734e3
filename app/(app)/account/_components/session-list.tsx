import { methodsLabel } from "@/lib/account/method-labels";
import { describeDevice } from "@/lib/request/device-description";
import { formatTime } from "./format-time";

export interface SessionRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  amr: string[];
}

/** Every session of the account; the current one is marked and signed out with "Sign out" instead. */
export function SessionList({
  sessions,
  currentId,
  revokeAction,
}: {
  sessions: SessionRow[];
  currentId: string;
  revokeAction: (formData: FormData) => Promise<void>;
}) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="session-list">
      {sessions.map((session) => {
        const device = describeDevice(session.userAgent);
        const current = session.id === currentId;
        return (
          <li
            key={session.id}
            className="flex flex-wrap items-center justify-between gap-3 py-3"
            data-testid={current ? "current-session" : "other-session"}
          >
            <div className="min-w-0 text-sm">
              <p className="font-medium text-slate-900">
                {device.label}
                {current ? (
                  <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700">This session</span>
                ) : null}
              </p>
              <p className="mt-0.5 text-slate-600">
                {session.ip ?? "Unknown IP"} · Signed in with {methodsLabel(session.amr)}
              </p>
              <p className="mt-0.5 text-xs text-slate-500">
                Started {formatTime(session.createdAt)} · Last seen {formatTime(session.lastSeenAt)}
              </p>
            </div>
            {current ? null : (
              <form action={revokeAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <button
                  type="submit"
                  className="rounded-lg px-3 py-1.5 text-sm font-semibold text-rose-700 ring-1 ring-inset ring-rose-200 hover:bg-rose-50"
                >
                  Sign out
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
