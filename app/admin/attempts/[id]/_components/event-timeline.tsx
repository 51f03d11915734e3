import Link from "next/link";
import { formatUtc } from "@/app/admin/_components/format";
import type { TimelineEntry } from "@/lib/admin/attempt-timeline";
import { collapseRepeats, isMilestone } from "@/lib/admin/timeline-glance";
import type { TimelineTone } from "@/lib/admin/timeline-text";

const dots: Record<TimelineTone, string> = {
  neutral: "bg-slate-400",
  success: "bg-emerald-500",
  failure: "bg-rose-500",
  warning: "bg-amber-500",
};

const toneText: Record<TimelineTone, string> = {
  neutral: "text-slate-900",
  success: "text-slate-900",
  failure: "text-rose-800",
  warning: "text-amber-900",
};

/**
 * Every event of an attempt on a vertical line, with its time relative to the request. The
 * steps of a sign-in (requested, sent, opened, redeemed, session) stand out; details (risk,
 * scanner fetches, issued) are smaller, and repeats that read the same fold into one row.
 */
export function EventTimeline({ entries, summary }: { entries: TimelineEntry[]; summary?: string }) {
  return (
    <>
      {summary ? (
        <p className="mb-4 rounded-lg bg-slate-50 px-3 py-2 text-sm font-medium text-slate-800" data-testid="timeline-summary">
          {summary}
        </p>
      ) : null}
      <ol className="relative ml-2 border-l border-slate-200" data-testid="attempt-timeline">
        {collapseRepeats(entries).map((entry) => {
          const milestone = isMilestone(entry.type);
          return (
            <li
              key={entry.seq}
              className={`relative pl-6 last:pb-0 ${milestone ? "pb-4" : "pb-2.5"}`}
              data-event-type={entry.type}
              data-milestone={milestone || undefined}
            >
              <span
                aria-hidden
                className={`absolute rounded-full ring-4 ring-white ${dots[entry.tone]} ${milestone ? "-left-[6px] top-1.5 h-3 w-3" : "-left-[4px] top-2 h-2 w-2 opacity-70"}`}
              />
              <div className="grid grid-cols-[4rem_1fr] items-baseline gap-x-2 sm:grid-cols-[6.5rem_1fr]">
                <span className={`font-mono text-xs tabular-nums ${milestone ? "font-semibold text-slate-600" : "text-slate-400"}`}>
                  {entry.offset}
                </span>
                <span
                  className={
                    milestone
                      ? `text-sm font-semibold ${toneText[entry.tone]}`
                      : `text-xs ${entry.tone === "neutral" || entry.tone === "success" ? "text-slate-600" : toneText[entry.tone]}`
                  }
                >
                  {entry.text}
                  {entry.count > 1 ? (
                    <span className="ml-1.5 rounded bg-slate-100 px-1 py-0.5 text-[11px] font-semibold text-slate-600">×{entry.count}</span>
                  ) : null}
                </span>
              </div>
              <p className="ml-[4.5rem] text-[11px] text-slate-400 sm:ml-[7rem]">
                {formatUtc(entry.at)} ·{" "}
                <Link
                  href={`/admin/audit?type=${encodeURIComponent(entry.type)}&before=${BigInt(entry.lastSeq) + BigInt(1)}`}
                  className="hover:text-indigo-600"
                >
                  #{entry.seq}
                  {entry.count > 1 ? `–${entry.lastSeq}` : ""} {entry.type}
                </Link>
              </p>
            </li>
          );
        })}
      </ol>
    </>
  );
}
