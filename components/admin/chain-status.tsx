import Link from "next/link";
import type { checkAuditChain } from "@/lib/admin/chain-check";
import { formatCount, formatUtc } from "./format";

/**
 * The result of recomputing every hash in the trail. That reads the whole table, so the
 * page starts it, streams the rest, and this part appears when it is done (Suspense).
 */
export async function ChainStatus({ check }: { check: ReturnType<typeof checkAuditChain> }) {
  const { verdict, durationMs, checkedAt } = await check;
  const took = `${formatCount(durationMs)} ms at ${formatUtc(checkedAt)}`;
  if (verdict.intact) {
    return (
      <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="chain-status">
        <p className="font-semibold">Hash chain intact</p>
        <p className="mt-0.5">
          All {formatCount(verdict.checked)} events verified{verdict.lastSeq !== null ? ` up to #${verdict.lastSeq}` : ""} in {took}. No event was altered, removed or inserted.
        </p>
      </div>
    );
  }
  const problem = verdict.problem === "content-altered" ? "its content no longer matches its hash (edited)" : "it does not link to the event before it (an event was removed or inserted)";
  return (
    <div role="alert" className="rounded-xl border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-900" data-testid="chain-status">
      <p className="font-semibold">Hash chain broken at event #{verdict.brokenAtSeq.toString()}</p>
      <p className="mt-0.5">
        {formatCount(verdict.checked)} events before it verified; at #{verdict.brokenAtSeq.toString()} {problem}. Every later event is suspect.{" "}
        <Link href={`/admin/audit?before=${verdict.brokenAtSeq + BigInt(1)}`} className="font-medium underline">Show it</Link>
      </p>
    </div>
  );
}

export function ChainStatusPending() {
  return <div className="animate-pulse rounded-xl border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600">Verifying the hash chain…</div>;
}
