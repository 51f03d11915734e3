import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { AttemptFilterForm } from "@/app/admin/attempts/_components/attempt-filter-form";
import { AttemptsTable } from "@/app/admin/attempts/_components/attempts-table";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { filtersToSearchParams, parseAttemptFilters } from "@/lib/admin/attempt-filters";
import { listAttempts } from "@/lib/admin/attempts-list";
import { requireAdmin } from "@/lib/admin/require-admin";

export const metadata: Metadata = { title: "Sign-in attempts" };

export default async function AttemptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin("/admin/attempts");
  const params = await searchParams;
  const { filters, fieldErrors } = parseAttemptFilters(params);
  const invalid = Object.keys(fieldErrors).length > 0;
  // An invalid filter lists nothing: the unfiltered list would look like an answer to the question asked.
  const page = invalid ? { rows: [], nextCursor: null } : await listAttempts(filters, { cursor: params.cursor });
  const kept = filtersToSearchParams(filters, params);
  await recordAdminView(admin, "attempts", { ...Object.fromEntries(kept), pagination: params.cursor ? "next page" : "first page" });

  const raw = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const next = new URLSearchParams(kept);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  const filtered = kept.toString() !== "" && kept.toString() !== "sort=newest";

  return (
    <>
      <PageHeader
        title="Sign-in attempts"
        description={filters.sort === "risk" ? "Suspicious first: highest risk score, then newest." : "Newest first."}
        actions={
          <a
            href={`/admin/attempts/export${kept.size ? `?${kept}` : ""}`}
            className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            download
          >
            Export CSV
          </a>
        }
      />
      <Panel className="mb-6">
        <AttemptFilterForm raw={raw} errors={fieldErrors} />
      </Panel>
      <Panel>
        {page.rows.length === 0 ? (
          invalid ? (
            <EmptyState title="No attempts: a filter is invalid">Correct the filter marked above, or clear the filters.</EmptyState>
          ) : (
            <EmptyState title={filtered ? "No attempts match these filters" : "No sign-in attempts yet"}>
              {filtered ? "Loosen or clear the filters." : "Attempts appear here as soon as someone asks for a sign-in link."}
            </EmptyState>
          )
        ) : (
          <>
            <AttemptsTable rows={page.rows} />
            <div className="mt-4 flex items-center justify-between border-t border-slate-100 pt-4 text-sm">
              {params.cursor ? (
                <Link href={`/admin/attempts${kept.size ? `?${kept}` : ""}`} className="font-medium text-indigo-600 hover:text-indigo-500">
                  ← First page
                </Link>
              ) : (
                <span className="text-slate-500">Showing the first {page.rows.length}</span>
              )}
              {page.nextCursor ? (
                <Link href={`/admin/attempts?${next}`} className="font-medium text-indigo-600 hover:text-indigo-500" rel="next">
                  Next page →
                </Link>
              ) : (
                <span className="text-slate-500">End of list</span>
              )}
            </div>
          </>
        )}
      </Panel>
    </>
  );
}
