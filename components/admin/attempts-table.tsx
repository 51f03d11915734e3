import Link from "next/link";
import type { AttemptRow } from "@/lib/admin/attempts-list";
import { describeDevice } from "@/lib/request/device-description";
import { RiskBadge, StatusText } from "./badges";
import { formatUtc } from "./format";

/** "Firefox on Linux", or the raw user agent (shortened) when it names no known browser, e.g. a script. */
function deviceOrAgent(userAgent: string | null): string {
  const device = describeDevice(userAgent);
  if (device.browserFamily !== "unknown" || !userAgent) return device.label;
  return userAgent.length > 40 ? `${userAgent.slice(0, 39)}…` : userAgent;
}

/** Sign-in attempts as a table; each row links to its timeline. All text is rendered escaped by React. */
export function AttemptsTable({ rows }: { rows: AttemptRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid="attempts-table">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Risk</th>
            <th scope="col" className="py-2 pr-4 font-medium">Email</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 pr-4 font-medium">Requested (UTC)</th>
            <th scope="col" className="py-2 pr-4 font-medium">From</th>
            <th scope="col" className="py-2 pr-4 font-medium">Why</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className="align-top hover:bg-slate-50">
              <td className="py-2.5 pr-4">
                <RiskBadge level={row.riskLevel} score={row.riskScore} />
              </td>
              <td className="max-w-[16rem] truncate py-2.5 pr-4">
                <Link href={`/admin/attempts/${row.id}`} className="font-medium text-indigo-700 hover:underline">
                  {row.email}
                </Link>
              </td>
              <td className="py-2.5 pr-4 whitespace-nowrap">
                <StatusText status={row.displayStatus} />
                {row.redeemedVia ? <span className="block text-xs text-slate-500">{row.redeemedVia}</span> : null}
              </td>
              <td className="py-2.5 pr-4 whitespace-nowrap tabular-nums text-slate-700">{formatUtc(row.requestedAt).replace(" UTC", "")}</td>
              <td className="py-2.5 pr-4 text-slate-700">
                <span className="block font-mono text-xs">{row.requestIp ?? "—"}</span>
                <span className="block max-w-[14rem] truncate text-xs text-slate-500" title={row.requestUserAgent ?? undefined}>
                  {deviceOrAgent(row.requestUserAgent)}
                </span>
              </td>
              <td className="max-w-md py-2.5 pr-4 text-xs text-slate-600">{row.riskReasons[0]?.reason ?? (row.failureReason ? `Ended: ${row.failureReason}` : "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
