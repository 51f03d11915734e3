"use client";

import "./globals.css";
import { TroubleCard } from "@/components/ui/trouble-card";

/** Replaces the root layout when the layout itself fails, so it brings its own <html>. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TroubleCard title="We can't show this page right now">
          <p>Part of our service is unavailable for a moment. Nothing you did caused this, and nothing was lost.</p>
          <p>Please try again in a minute.</p>
          <button
            type="button"
            onClick={() => window.location.reload()}
            className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
          >
            Reload the page
          </button>
          {error.digest ? <p className="text-xs text-slate-400">Reference: {error.digest}</p> : null}
        </TroubleCard>
      </body>
    </html>
  );
}
