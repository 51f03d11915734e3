import Link from "next/link";
import type { TimelineEntry } from "@/lib/admin/attempt-timeline";
import type { TimelineTone } from "@/lib/admin/timeline-text";
import { formatUtc } from "./format";

const dots: Record<TimelineTone, string> = {
  neutral: "bg-slate-400",
  success: "bg-emerald-500",
  failure: "bg-rose-500",
  warning: "bg-amber-500",
};

/** Every event of an attempt on a vertical line, with its time relative to the request. */
export function EventTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="relative ml-2 border-l border-slate-200" data-testid="attempt-timeline">
      {entries.map((entry) => (
        <li key={entry.seq} className="relative pb-4 pl-6 last:pb-0" data-event-type={entry.type}>
          <span aria-hidden className={`absolute -left-[5px] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white ${dots[entry.tone]}`} />
          <div className="grid grid-cols-[6.5rem_1fr] items-baseline gap-x-2">
            <span className="font-mono text-xs font-semibold text-slate-500 tabular-nums">{entry.offset}</span>
            <span className={`text-sm ${entry.tone === "failure" ? "text-rose-800" : entry.tone === "warning" ? "text-amber-900" : "text-slate-900"}`}>{entry.text}</span>
          </div>
          <p className="ml-[7rem] text-xs text-slate-400">
            {formatUtc(entry.at)} ·{" "}
            <Link href={`/admin/audit?type=${encodeURIComponent(entry.type)}&before=${BigInt(entry.seq) + BigInt(1)}`} className="hover:text-indigo-600">
              #{entry.seq} {entry.type}
            </Link>
          </p>
        </li>
      ))}
    </ol>
  );
}
