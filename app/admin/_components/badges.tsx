import { humanStatus } from "./format";

const riskTones = {
  LOW: "bg-slate-100 text-slate-700 ring-slate-200",
  ELEVATED: "bg-amber-50 text-amber-800 ring-amber-200",
  HIGH: "bg-rose-50 text-rose-700 ring-rose-200",
} as const;

export function RiskBadge({ level, score }: { level: string; score?: number }) {
  const tone = riskTones[level as keyof typeof riskTones] ?? riskTones.LOW;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>
      {level.charAt(0) + level.slice(1).toLowerCase()}
      {score !== undefined ? <span className="tabular-nums opacity-70">{score}</span> : null}
    </span>
  );
}

const statusTones: Record<string, string> = {
  REDEEMED: "text-emerald-700",
  PENDING: "text-sky-700",
  AWAITING_APPROVAL: "text-violet-700",
  DELIVERY_FAILED: "text-rose-700",
  CANCELLED: "text-rose-700",
  LOCKED: "text-rose-700",
  SUPERSEDED: "text-slate-500",
  EXPIRED: "text-slate-500",
};

export function StatusText({ status }: { status: string }) {
  return <span className={`text-sm font-medium ${statusTones[status] ?? "text-slate-700"}`}>{humanStatus(status)}</span>;
}

export function Pill({ children, tone = "slate" }: { children: React.ReactNode; tone?: "slate" | "rose" | "indigo" | "emerald" }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700",
    rose: "bg-rose-100 text-rose-700",
    indigo: "bg-indigo-100 text-indigo-700",
    emerald: "bg-emerald-100 text-emerald-700",
  };
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
