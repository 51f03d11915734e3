import { readEnv } from "@/lib/env";

/** The app's logo mark and name, above every sign-in card and the 404 page. */
export function AppMark() {
  const appName = readEnv().APP_NAME;
  return (
    <div className="mb-8 flex items-center justify-center gap-2 text-slate-900">
      <span
        aria-hidden
        className="flex h-9 w-9 items-center justify-center rounded-xl bg-indigo-600 text-lg font-bold text-white shadow-sm"
      >
        {appName.slice(0, 1).toUpperCase()}
      </span>
      <span className="text-lg font-semibold tracking-tight">{appName}</span>
    </div>
  );
}
