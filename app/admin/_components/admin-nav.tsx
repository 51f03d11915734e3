"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

const LINKS = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/attempts", label: "Attempts" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/alerts", label: "Alerts" },
  { href: "/admin/suppressions", label: "Suppressions" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/api-tokens", label: "API tokens" },
];

/**
 * The console's navigation; the current section is marked for people and screen readers.
 * On a phone it folds behind a Menu button (one header row instead of three); the menu closes
 * when the page changes, because it only counts as open for the path it was opened on.
 */
export function AdminNav({ openAlerts, account }: { openAlerts: number; account: React.ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <>
      <button
        type="button"
        className="ml-auto inline-flex items-center gap-2 rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 md:hidden"
        aria-expanded={open}
        aria-controls="admin-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        {open ? "Close" : "Menu"}
        {!open && openAlerts > 0 ? <AlertCount count={openAlerts} /> : null}
      </button>
      <div
        id="admin-menu"
        className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 border-t border-slate-100 pt-3 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:justify-between md:border-0 md:pt-0`}
      >
        <nav aria-label="Admin sections" className="flex flex-col gap-1 md:flex-row md:flex-wrap">
          {LINKS.map((link) => {
            const active = link.exact ? pathname === link.href : pathname.startsWith(link.href);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`inline-flex items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium transition md:py-1.5 ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
              >
                {link.label}
                {link.href === "/admin/alerts" && openAlerts > 0 ? <AlertCount count={openAlerts} /> : null}
              </Link>
            );
          })}
        </nav>
        {account}
      </div>
    </>
  );
}

function AlertCount({ count }: { count: number }) {
  return (
    <span
      className="rounded-full bg-rose-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums"
      aria-label={`${count} open`}
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}
