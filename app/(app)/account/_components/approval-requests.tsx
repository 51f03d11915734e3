import { approveHeldSignInAction, denyHeldSignInAction } from "@/app/(app)/account/approval-actions";
import { Notice } from "@/components/ui/notice";
import { signInNetwork } from "@/lib/account/new-device-notice";
import { describeDevice } from "@/lib/request/device-description";
import { approvalOutcomeNotice } from "./approval-outcome";
import { formatTime } from "./format-time";

interface Request {
  id: string;
  createdAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** HIGH-risk sign-ins waiting for this browser's approval, each approved by typing the number the waiting browser shows. */
export function ApprovalRequests({ requests, outcome }: { requests: Request[]; outcome: string | null }) {
  const message = approvalOutcomeNotice(outcome);
  if (requests.length === 0 && !message) return null;
  return (
    <section id="approvals" className="mb-6 space-y-4 rounded-2xl border border-amber-300 bg-amber-50 p-6" data-testid="approval-requests">
      <h2 className="text-base font-semibold text-amber-950">A sign-in is waiting for your approval</h2>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {requests.map((request) => (
        <div key={request.id} className="space-y-3 rounded-lg bg-white p-4 text-sm text-slate-700 ring-1 ring-amber-200">
          <p>
            {describeDevice(request.userAgent).label}, network {signInNetwork(request.ip)}, at {formatTime(request.createdAt)}. It looks
            unusual. Approve it only if you are signing in on that device yourself, right now.
          </p>
          <form action={approveHeldSignInAction} className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="sessionId" value={request.id} />
            <label className="flex flex-col gap-1 font-medium text-slate-900">
              Number shown on that device
              <input
                name="number"
                inputMode="numeric"
                pattern="[0-9]{2}"
                maxLength={2}
                required
                autoComplete="off"
                className="w-24 rounded-lg border border-slate-300 px-3 py-2 text-lg tracking-widest"
              />
            </label>
            <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-2.5 font-semibold text-white hover:bg-indigo-500">
              Approve
            </button>
          </form>
          <form action={denyHeldSignInAction}>
            <input type="hidden" name="sessionId" value={request.id} />
            <button type="submit" className="font-semibold text-rose-700 hover:text-rose-600">
              That wasn&apos;t me: turn it down
            </button>
          </form>
        </div>
      ))}
    </section>
  );
}
