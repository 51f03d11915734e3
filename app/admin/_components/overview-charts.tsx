"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewSeriesPoint } from "@/lib/admin/overview";
import { formatShortUtc } from "./format";

const AXIS = { fontSize: 11, fill: "#64748b" };

/** Sign-in activity over the chosen window: requests against sessions, and the noise around them. */
export function OverviewCharts({ series, hourly }: { series: OverviewSeriesPoint[]; hourly: boolean }) {
  const tick = (bucket: string) => (hourly ? new Date(bucket).toISOString().slice(11, 16) : formatShortUtc(bucket, false));
  // Several buckets a day (the 7-day view): label each day once, at midnight UTC.
  const ticks = hourly ? undefined : series.map((point) => point.bucket).filter((bucket) => bucket.slice(11, 16) === "00:00");
  const label = (bucket: unknown) => `${formatShortUtc(String(bucket))} UTC`;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <figure className="lg:col-span-2">
        <figcaption className="mb-2 text-xs font-medium text-slate-500">Requests, opened links and sessions</figcaption>
        <div className="h-64" data-testid="overview-activity-chart">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={series} margin={{ top: 4, right: 8, left: -16, bottom: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="bucket" ticks={ticks} tickFormatter={tick} tick={AXIS} tickLine={false} axisLine={false} minTickGap={24} />
              <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
              <Tooltip labelFormatter={label} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Area
                type="monotone"
                dataKey="requested"
                name="Requested"
                stroke="#6366f1"
                fill="#e0e7ff"
                strokeWidth={2}
                isAnimationActive={false}
              />
              <Area
                type="monotone"
                dataKey="opened"
                name="Opened"
                stroke="#0ea5e9"
                fill="#e0f2fe"
                fillOpacity={0.6}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
              <Area
                type="monotone"
                dataKey="sessions"
                name="Sessions"
                stroke="#10b981"
                fill="#d1fae5"
                fillOpacity={0.7}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure>
        <figcaption className="mb-2 text-xs font-medium text-slate-500">Scanner fetches and rate-limited requests</figcaption>
        <div className="h-64" data-testid="overview-noise-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={series} margin={{ top: 4, right: 8, left: -16, bottom: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="bucket" ticks={ticks} tickFormatter={tick} tick={AXIS} tickLine={false} axisLine={false} minTickGap={24} />
              <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
              <Tooltip labelFormatter={label} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Bar dataKey="scannerFetches" name="Scanner fetches" stackId="noise" fill="#f59e0b" isAnimationActive={false} />
              <Bar dataKey="rateLimited" name="Rate-limited" stackId="noise" fill="#f43f5e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
