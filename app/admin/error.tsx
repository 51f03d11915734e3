"use client";

/** What an admin sees when a page fails to load: no stack trace, a way to retry, and the digest to quote. */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-2xl border border-rose-200 bg-rose-50 px-6 py-8 text-center">
      <h1 className="text-lg font-semibold text-rose-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-rose-800">The database may be busy or unreachable. Nothing was changed. Try again in a moment.</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-rose-700">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-5 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-rose-900 shadow-sm ring-1 ring-inset ring-rose-300 hover:bg-rose-100"
      >
        Try again
      </button>
    </div>
  );
}
