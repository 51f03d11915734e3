import Link from "next/link";
import { readEnv } from "@/lib/env";

/** The heading of every account page, with a way back to the overview. */
export function AccountHeader({ title, back = true, children }: { title: string; back?: boolean; children?: React.ReactNode }) {
  return (
    <header className="flex items-center justify-between gap-4">
      <div>
        {back ? (
          <Link href="/account" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            ← {readEnv().APP_NAME} account
          </Link>
        ) : (
          <p className="text-sm font-medium text-indigo-600">{readEnv().APP_NAME}</p>
        )}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      </div>
      {children}
    </header>
  );
}
