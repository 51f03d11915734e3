import Link from "next/link";
import { formatCount, formatUtc } from "@/app/admin/_components/format";
import type { checkAuditChain } from "@/lib/admin/chain-check";
import { CHAIN_PROBLEM_TEXT, chainWarningText } from "@/lib/admin/chain-problem-text";
import type { AuditPrivileges } from "@/lib/audit/database-privileges";
import { readEnv } from "@/lib/env";

/**
 * The result of recomputing every MAC and hash in the trail and checking it against the signed
 * checkpoints. That reads the whole table, so the page starts it, streams the rest, and this
 * part appears when it is done (Suspense).
 */
export async function ChainStatus({ check }: { check: ReturnType<typeof checkAuditChain> }) {
  const { verdict, durationMs, checkedAt, privileges } = await check;
  const took = `${formatCount(durationMs)} ms at ${formatUtc(checkedAt)}`;
  const { checkpoints } = verdict;
  if (verdict.intact) {
    const warnings = verdict.warnings.map((warning) => chainWarningText(warning, readEnv().AUDIT_CHECKPOINT_MINUTES, formatUtc));
    return (
      <div className="space-y-2">
        <div
          role="status"
          className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
          data-testid="chain-status"
        >
          <p className="font-semibold">Audit trail verified</p>
          <p className="mt-0.5">
            All {formatCount(verdict.checked)} events verified{verdict.lastSeq !== null ? ` up to #${verdict.lastSeq}` : ""} in {took}: each
            written by this app (keyed MAC), none altered, removed or inserted.
            {checkpoints.newest
              ? ` ${formatCount(checkpoints.count)} signed checkpoints agree; the newest (${formatUtc(checkpoints.newest.createdAt)}) covers up to #${checkpoints.newest.headSeq}${checkpoints.uncovered > 0 ? `, ${formatCount(checkpoints.uncovered)} newer events await the next one` : ""}.`
              : ""}
          </p>
        </div>
        <Notices items={[...warnings, ...privilegeNotices(privileges)]} />
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <div role="alert" className="rounded-xl border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-900" data-testid="chain-status">
        <p className="font-semibold">Audit trail broken at event #{verdict.brokenAtSeq.toString()}</p>
        <p className="mt-0.5">
          {formatCount(verdict.checked)} events before it verified; at #{verdict.brokenAtSeq.toString()}{" "}
          {CHAIN_PROBLEM_TEXT[verdict.problem]}. Every later event is suspect.{" "}
          <Link href={`/admin/audit?before=${verdict.brokenAtSeq + BigInt(1)}`} className="font-medium underline">
            Show it
          </Link>
        </p>
      </div>
      <Notices items={privilegeNotices(privileges)} />
    </div>
  );
}

function privilegeNotices(privileges: AuditPrivileges | null): string[] {
  if (!privileges || privileges.excess.length === 0) return [];
  return [
    `The app connects as "${privileges.role}", which ${privileges.excess.join(" and ")}. Tampering is detected but not refused: in production run migrations with DATABASE_OWNER_URL and connect the app with a role that can only append (README, "Audit trail").`,
  ];
}

function Notices({ items }: { items: string[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="space-y-1 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="chain-notices">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function ChainStatusPending() {
  return (
    <div className="animate-pulse rounded-xl border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600">
      Verifying the audit trail…
    </div>
  );
}
