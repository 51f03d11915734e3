import Link from "next/link";
import { RiskBadge, StatusText } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import type { AttemptRow } from "@/lib/admin/attempts-list";
import { describeDevice } from "@/lib/request/device-description";

/** "Firefox on Linux", or the raw user agent (shortened) when it names no known browser, e.g. a script. */
function deviceOrAgent(userAgent: string | null): string {
  const device = describeDevice(userAgent);
  if (device.browserFamily !== "unknown" || !userAgent) return device.label;
  return userAgent.length > 40 ? `${userAgent.slice(0, 39)}…` : userAgent;
}

/**
 * Sign-in attempts as a table; each row links to its timeline. Below the md breakpoint each row
 * becomes a card (risk and address, then status and time, then origin and reason), so a phone
 * shows every column without scrolling sideways. All text is rendered escaped by React.
 */
export function AttemptsTable({ rows }: { rows: AttemptRow[] }) {
  return (
    <div className="md:overflow-x-auto">
      <table className="min-w-full text-left text-sm max-md:block" data-testid="attempts-table">
        <thead className="border-b max-md:sr-only border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Risk
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Email
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Requested
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              From
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Why
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {rows.map((row) => (
            <tr
              key={row.id}
              className="align-top hover:bg-slate-50 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1 max-md:py-3"
            >
              <td className="py-2.5 pr-4 max-md:p-0">
                <RiskBadge level={row.riskLevel} score={row.riskScore} />
              </td>
              <td className="max-w-[16rem] truncate py-2.5 pr-4 max-md:min-w-0 max-md:max-w-none max-md:flex-1 max-md:basis-48 max-md:p-0">
                <Link href={`/admin/attempts/${row.id}`} className="font-medium text-indigo-700 hover:underline">
                  {row.email}
                </Link>
              </td>
              <td className="py-2.5 pr-4 whitespace-nowrap max-md:p-0">
                <StatusText status={row.displayStatus} />
                {row.redeemedVia ? <span className="block text-xs text-slate-500 max-md:ml-1 max-md:inline">{row.redeemedVia}</span> : null}
              </td>
              <td className="py-2.5 pr-4 whitespace-nowrap tabular-nums text-slate-700 max-md:p-0 max-md:text-xs">
                {formatUtc(row.requestedAt).replace(" UTC", "")}
              </td>
              <td className="py-2.5 pr-4 text-slate-700 max-md:flex max-md:w-full max-md:min-w-0 max-md:gap-2 max-md:p-0">
                <span className="block font-mono text-xs">{row.requestIp ?? "—"}</span>
                <span className="block max-w-[14rem] truncate text-xs text-slate-500" title={row.requestUserAgent ?? undefined}>
                  {deviceOrAgent(row.requestUserAgent)}
                </span>
              </td>
              <td className="max-w-md py-2.5 pr-4 text-xs text-slate-600 max-md:w-full max-md:p-0 max-md:empty:hidden">
                {row.riskReasons[0]?.reason ?? (row.failureReason ? `Ended: ${row.failureReason}` : "")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
