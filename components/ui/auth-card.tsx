import { AppMark } from "./app-mark";

/** The centred card every sign-in screen sits in. Without a title, the content renders its own heading (one that changes with the outcome). */
export function AuthCard({ title, subtitle, children }: { title?: string; subtitle?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <AppMark />
        <section className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
          {title ? <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1> : null}
          {subtitle ? <div className="mt-2 text-sm leading-6 text-slate-600">{subtitle}</div> : null}
          <div className={title ? "mt-6" : undefined}>{children}</div>
        </section>
      </div>
    </main>
  );
}
