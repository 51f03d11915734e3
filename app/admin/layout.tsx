import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/app/admin/_components/admin-nav";
import { countOpenAlerts } from "@/lib/admin/alerts";
import { requireAdmin } from "@/lib/admin/require-admin";
import { readEnv } from "@/lib/env";

export const metadata: Metadata = { robots: { index: false, follow: false } };

/** Every admin page sits in here. The check is repeated in each page, action and route: layouts do not guard their children's data. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  const openAlerts = await countOpenAlerts();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
          <Link href="/admin" className="flex items-center gap-2 text-slate-900">
            <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-lg bg-indigo-600 text-sm font-bold text-white">
              {readEnv().APP_NAME.slice(0, 1).toUpperCase()}
            </span>
            <span className="text-sm font-semibold">{readEnv().APP_NAME} admin</span>
          </Link>
          <AdminNav
            openAlerts={openAlerts}
            account={
              <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 px-3 text-sm text-slate-600 md:px-0">
                <span data-testid="admin-email" className="min-w-0 break-all">
                  {admin.email}
                </span>
                <Link href="/account" className="font-medium text-indigo-600 hover:text-indigo-500">
                  Your account
                </Link>
              </div>
            }
          />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
