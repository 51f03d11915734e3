import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/admin/_components/action-form";
import { Pill } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listSuppressions } from "@/lib/admin/suppressions";
import { readEnv } from "@/lib/env";
import { SUPPRESSION_REASON_TEXT } from "@/lib/mail/suppression";
import { liftSuppressionAction } from "./actions";

export const metadata: Metadata = { title: "Suppressed addresses" };

export default async function SuppressionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin("/admin/suppressions");
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 254);
  const { active, lifted } = await listSuppressions(query);
  await recordAdminView(admin, "suppressions", { query });
  return (
    <>
      <PageHeader
        title="Suppressed addresses"
        description={`No mail goes to an address for ${readEnv().EMAIL_SUPPRESSION_DAYS} days after the mail provider reports a hard bounce or a spam complaint. Lift it when the mailbox works again or the complaint was a mistake; every lift is audited.`}
      />
      <Panel className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-2" role="search">
          <label className="text-xs font-medium text-slate-600">
            Email address or its beginning
            <input
              name="q"
              type="search"
              defaultValue={query ?? ""}
              className="mt-1 block w-80 max-w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
            />
          </label>
          <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
            Search
          </button>
        </form>
      </Panel>
      <Panel title={`In force (${active.length}${active.length === 100 ? "+" : ""})`} className="mb-6">
        {active.length === 0 ? (
          <EmptyState title={query ? "No suppressed address matches" : "No address is suppressed"}>
            Hard bounces and complaints reported by the mail provider appear here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="suppressions">
            {active.map((row) => (
              <li key={row.email} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="break-all font-medium text-slate-900">{row.email}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <Pill tone="rose">{SUPPRESSION_REASON_TEXT[row.reason] ?? row.reason}</Pill>
                    <span>via {row.provider}</span>
                    <span>· last reported {formatUtc(row.lastEventAt)}</span>
                    <span>· until {formatUtc(row.until)}</span>
                  </p>
                </div>
                <ActionForm
                  action={liftSuppressionAction}
                  label="Lift"
                  fields={{ email: row.email }}
                  confirm={`Send mail to ${row.email} again?`}
                  testId="lift-suppression"
                />
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Recently lifted">
        {lifted.length === 0 ? (
          <p className="text-sm text-slate-500">None.</p>
        ) : (
          <ul className="space-y-1.5 text-sm" data-testid="lifted-suppressions">
            {lifted.map((row) => (
              <li key={row.email} className="flex flex-wrap justify-between gap-2">
                <span className="break-all text-slate-800">{row.email}</span>
                <span className="text-xs text-slate-500">
                  {SUPPRESSION_REASON_TEXT[row.reason] ?? row.reason}, lifted {formatUtc(row.liftedAt)} by{" "}
                  {row.liftedBy ? (
                    <Link href={`/admin/users/${row.liftedBy}`} className="text-indigo-600 hover:underline">
                      an administrator
                    </Link>
                  ) : (
                    "an administrator"
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
