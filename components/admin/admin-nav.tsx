"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/attempts", label: "Attempts" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/alerts", label: "Alerts" },
  { href: "/admin/suppressions", label: "Suppressions" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/api-tokens", label: "API tokens" },
];

/** The console's top navigation; the current section is marked for people and screen readers. */
export function AdminNav({ openAlerts }: { openAlerts: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections" className="flex flex-wrap gap-1">
      {LINKS.map((link) => {
        const active = link.exact ? pathname === link.href : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`inline-flex items-center gap-2 rounded-lg px-3 py-1.5 text-sm font-medium transition ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
          >
            {link.label}
            {link.href === "/admin/alerts" && openAlerts > 0 ? (
              <span className="rounded-full bg-rose-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums" aria-label={`${openAlerts} open`}>
                {openAlerts > 99 ? "99+" : openAlerts}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
