export function RiskReasons({ reasons }: { reasons: Array<{ signal: string; weight: number; reason: string }> }) {
  if (reasons.length === 0) return <p className="text-sm text-slate-500">No risk signals: nothing unusual was seen.</p>;
  return (
    <ul className="space-y-2" data-testid="risk-reasons">
      {reasons.map((reason) => (
        <li key={reason.signal} className="flex gap-3 text-sm">
          <span className="mt-0.5 inline-flex h-5 min-w-[2.25rem] items-center justify-center rounded bg-slate-100 px-1 text-xs font-semibold tabular-nums text-slate-700">
            +{reason.weight}
          </span>
          <span className="text-slate-800">{reason.reason}</span>
        </li>
      ))}
    </ul>
  );
}
