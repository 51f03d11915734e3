/**
 * The card for "something is wrong on our side" screens. No data access and no app name from
 * the configuration, so it still renders when the database or the configuration is what failed.
 */
export function TroubleCard({ title, mark, children }: { title: string; mark?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        {mark}
        <section className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
          <div className="mt-3 space-y-4 text-sm leading-6 text-slate-600">{children}</div>
        </section>
      </div>
    </main>
  );
}
