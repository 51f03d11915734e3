import type { Metadata } from "next";
import Link from "next/link";
import { formatCount, formatPercent, formatSeconds, formatUtc } from "@/app/admin/_components/format";
import { FunnelBars } from "@/app/admin/_components/funnel-bars";
import { OverviewCharts } from "@/app/admin/_components/overview-charts";
import { EmptyState, PageHeader, Panel, StatCard } from "@/app/admin/_components/panels";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { UNFINISHED_OUTCOME_LABELS } from "@/lib/admin/failure-reasons";
import { loadOverview } from "@/lib/admin/overview";
import { OVERVIEW_WINDOWS, parseWindowKey } from "@/lib/admin/overview-window";
import { requireAdmin } from "@/lib/admin/require-admin";

export const metadata: Metadata = { title: "Admin overview" };

export default async function AdminOverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin("/admin");
  const key = parseWindowKey((await searchParams).window);
  const overview = await loadOverview(key);
  await recordAdminView(admin, "overview", { window: key });
  const { funnel } = overview;

  return (
    <>
      <PageHeader
        title="Overview"
        description={`${overview.window.label}: ${formatUtc(overview.window.from)} to ${formatUtc(overview.window.to)}`}
        actions={
          <nav aria-label="Time window" className="inline-flex rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
            {Object.entries(OVERVIEW_WINDOWS).map(([windowKey, spec]) => (
              <Link
                key={windowKey}
                href={`/admin?window=${windowKey}`}
                aria-current={windowKey === key ? "page" : undefined}
                className={`rounded-md px-3 py-1 text-sm font-medium ${windowKey === key ? "bg-indigo-600 text-white" : "text-slate-600 hover:text-slate-900"}`}
              >
                {spec.label.replace("Last ", "")}
              </Link>
            ))}
          </nav>
        }
      />

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
        <StatCard label="Requested" value={formatCount(funnel.requested)} hint="sign-in links issued" href="/admin/attempts?sort=newest" />
        <StatCard label="Signed in" value={formatCount(funnel.sessions)} hint="attempts that started a session" />
        <StatCard label="Conversion" value={formatPercent(overview.conversion)} hint="signed in ÷ requested" />
        <StatCard
          label="Send → click"
          value={formatSeconds(overview.medianSendToClickSeconds)}
          hint="median, email accepted to link opened"
        />
        <StatCard
          label="Scanner share"
          value={formatPercent(overview.fetches.scannerShare)}
          hint={`${formatCount(overview.fetches.byScanner)} of ${formatCount(overview.fetches.total)} link fetches`}
        />
        <StatCard
          label="Rate-limited"
          value={formatCount(overview.rateLimited)}
          hint="requests refused"
          href="/admin/audit?type=attempt.rate_limited"
        />
      </div>

      {funnel.requested === 0 && overview.rateLimited === 0 ? (
        <div className="mt-6">
          <EmptyState title="No sign-in activity in this window">
            Pick a longer window above, or run `npm run db:seed` to fill a development database.
          </EmptyState>
        </div>
      ) : (
        <>
          <Panel
            title="Activity"
            description="Attempts by the time they were requested; fetches and refusals by the time they happened."
            className="mt-6"
          >
            <OverviewCharts series={overview.series} hourly={key === "24h"} />
          </Panel>

          <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
            <Panel title="Funnel" description="Attempts requested in the window and how far they got.">
              <FunnelBars
                steps={[
                  { label: "Requested", value: funnel.requested },
                  { label: "Accepted by SMTP", value: funnel.sent },
                  { label: "Delivered (provider)", value: funnel.delivered },
                  { label: "Link opened or code used", value: funnel.opened },
                  { label: "Session started", value: funnel.sessions },
                ]}
              />
            </Panel>
            <Panel title="Failures by reason" description="Refusals and errors recorded in the window.">
              {overview.failures.length === 0 ? (
                <p className="text-sm text-slate-500">No failures recorded.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {overview.failures.map((failure) => (
                    <li key={failure.type} className="flex items-center justify-between py-2">
                      <Link href={`/admin/audit?type=${failure.type}`} className="text-slate-700 hover:text-indigo-600">
                        {failure.label}
                      </Link>
                      <span className="font-medium tabular-nums text-slate-900">{formatCount(failure.count)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title="Unfinished attempts and risk" description="Final states of the window's attempts that did not sign in.">
              <ul className="divide-y divide-slate-100 text-sm">
                {(Object.keys(UNFINISHED_OUTCOME_LABELS) as Array<keyof typeof UNFINISHED_OUTCOME_LABELS>).map((outcome) => (
                  <li key={outcome} className="flex items-center justify-between py-2">
                    <span className="text-slate-700">{UNFINISHED_OUTCOME_LABELS[outcome]}</span>
                    <span className="font-medium tabular-nums text-slate-900">{formatCount(overview.outcomes[outcome])}</span>
                  </li>
                ))}
                <li className="flex items-center justify-between py-2">
                  <Link href="/admin/attempts?risk=ELEVATED" className="text-amber-800 hover:text-indigo-600">
                    Elevated risk
                  </Link>
                  <span className="font-medium tabular-nums text-slate-900">{formatCount(overview.risk.elevated)}</span>
                </li>
                <li className="flex items-center justify-between py-2">
                  <Link href="/admin/attempts?risk=HIGH" className="text-rose-700 hover:text-indigo-600">
                    High risk
                  </Link>
                  <span className="font-medium tabular-nums text-slate-900">{formatCount(overview.risk.high)}</span>
                </li>
              </ul>
            </Panel>
          </div>
        </>
      )}
    </>
  );
}
