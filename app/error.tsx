"use client";

import { TroubleCard } from "@/components/ui/trouble-card";

/**
 * Any page that fails on the server lands here. Next.js never sends the error's message or
 * stack to the browser in production; only `digest`, a reference to the server log line.
 * During a database outage lib/request/stamp-requests.ts turns this answer's 500 into a 503.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <TroubleCard title="We can't show this page right now">
      <p>Part of our service is unavailable for a moment. Nothing you did caused this, and nothing was lost.</p>
      <p>Please try again in a minute.</p>
      <button
        type="button"
        onClick={() => reset()}
        className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
      >
        Try again
      </button>
      {error.digest ? <p className="text-xs text-slate-400">Reference: {error.digest}</p> : null}
    </TroubleCard>
  );
}
