import { formatCount, formatPercent } from "./format";

/** The sign-in funnel as horizontal bars, each step as a share of the requests. */
export function FunnelBars({ steps }: { steps: Array<{ label: string; value: number }> }) {
  const top = steps[0]?.value ?? 0;
  return (
    <ol className="space-y-3" aria-label="Sign-in funnel">
      {steps.map((step, index) => {
        const share = top > 0 ? step.value / top : null;
        const previous = index > 0 ? steps[index - 1].value : null;
        return (
          <li key={step.label}>
            <div className="flex items-baseline justify-between text-sm">
              <span className="font-medium text-slate-700">{step.label}</span>
              <span className="tabular-nums text-slate-900">
                {formatCount(step.value)} <span className="text-xs text-slate-500">{index === 0 ? "" : formatPercent(share)}</span>
              </span>
            </div>
            <div className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-100">
              <div
                className="h-full rounded-full bg-indigo-500"
                style={{ width: `${Math.max(share === null ? 0 : share * 100, step.value > 0 ? 1 : 0)}%` }}
              />
            </div>
            {previous !== null && previous > step.value ? (
              <p className="mt-0.5 text-xs text-slate-400">−{formatCount(previous - step.value)} from the step before</p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
