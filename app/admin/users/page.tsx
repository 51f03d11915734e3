import type { Metadata } from "next";
import Link from "next/link";
import { Pill } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { requireAdmin } from "@/lib/admin/require-admin";
import { searchUsers } from "@/lib/admin/user-detail";
import { plural } from "@/lib/risk/signals/types";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin("/admin/users");
  const params = await searchParams;
  const raw = params.q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 254);
  const erased = typeof params.erased === "string" ? /^(\d+)-(\d+)$/.exec(params.erased) : null;
  const users = await searchUsers(query);
  await recordAdminView(admin, "users", { query });
  return (
    <>
      <PageHeader title="Users" description={query ? `Addresses starting with “${query}”` : "Newest accounts first."} />
      {erased ? (
        <p
          role="status"
          className="mb-6 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
          data-testid="erased-notice"
        >
          Account erased: {plural(Number(erased[1]), "sign-in attempt")} anonymised and the network details of{" "}
          {plural(Number(erased[2]), "audit event")} removed. The events themselves stay, so the trail still verifies.
        </p>
      ) : null}
      <Panel className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-2" role="search">
          <label className="w-full text-xs font-medium text-slate-600 sm:w-auto">
            Email address or its beginning
            <input
              name="q"
              type="search"
              defaultValue={query ?? ""}
              className="mt-1 block w-full rounded-lg sm:w-80 border border-slate-300 px-2.5 py-1.5 text-sm"
            />
          </label>
          <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
            Search
          </button>
        </form>
      </Panel>
      <Panel>
        {users.length === 0 ? (
          <EmptyState title={query ? "No account matches" : "No accounts yet"}>
            Accounts are created by a first successful sign-in.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Email
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Created
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Sessions
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    State
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {users.map((user) => (
                  <tr key={user.id}>
                    <td className="py-2 pr-4">
                      <Link href={`/admin/users/${user.id}`} className="font-medium text-indigo-700 hover:underline">
                        {user.email}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-700">{formatUtc(user.createdAt)}</td>
                    <td className="py-2 pr-4 tabular-nums text-slate-700">{user._count.sessions}</td>
                    <td className="space-x-1 whitespace-nowrap py-2 pr-4">
                      {user.role === "ADMIN" ? <Pill tone="indigo">admin</Pill> : null}
                      {user.lockedAt ? <Pill tone="rose">locked</Pill> : <Pill tone="emerald">active</Pill>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
