import Link from "next/link";
import { humanStatus } from "@/app/admin/_components/format";
import { ATTEMPT_STATUSES, RISK_LEVELS, type AttemptFilters } from "@/lib/admin/attempt-filters";

type Raw = Record<string, string | undefined>;

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

function Field({ label, name, error, children }: { label: string; name: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`filter-${name}-error`} className="mt-1 text-xs text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AttemptFilterForm({ raw, errors }: { raw: Raw; errors: Partial<Record<keyof AttemptFilters, string>> }) {
  const describedBy = (name: keyof AttemptFilters) => (errors[name] ? `filter-${name}-error` : undefined);
  return (
    <form
      method="get"
      action="/admin/attempts"
      className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-[2fr_repeat(5,1fr)_1.3fr]"
      aria-label="Filter attempts"
    >
      <div className="col-span-2 lg:col-span-1">
        <Field label="Email address" name="email" error={errors.email}>
          <input
            id="filter-email"
            name="email"
            type="search"
            defaultValue={raw.email ?? ""}
            placeholder="ada@example.com"
            className={input}
            aria-describedby={describedBy("email")}
          />
        </Field>
      </div>
      <Field label="Status" name="status" error={errors.status}>
        <select id="filter-status" name="status" defaultValue={raw.status ?? ""} className={input}>
          <option value="">Any</option>
          {ATTEMPT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {humanStatus(status)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Risk" name="risk" error={errors.risk}>
        <select id="filter-risk" name="risk" defaultValue={raw.risk ?? ""} className={input}>
          <option value="">Any</option>
          {RISK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level.charAt(0) + level.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Request IP" name="ip" error={errors.ip}>
        <input
          id="filter-ip"
          name="ip"
          defaultValue={raw.ip ?? ""}
          placeholder="203.0.113.7"
          className={input}
          aria-describedby={describedBy("ip")}
        />
      </Field>
      <Field label="From (UTC)" name="from" error={errors.from}>
        <input
          id="filter-from"
          name="from"
          defaultValue={raw.from ?? ""}
          placeholder="2026-03-01"
          className={input}
          aria-describedby={describedBy("from")}
        />
      </Field>
      <Field label="To (UTC, inclusive)" name="to" error={errors.to}>
        <input
          id="filter-to"
          name="to"
          defaultValue={raw.to ?? ""}
          placeholder="2026-03-31"
          className={input}
          aria-describedby={describedBy("to")}
        />
      </Field>
      <Field label="Order" name="sort">
        <select id="filter-sort" name="sort" defaultValue={raw.sort ?? "risk"} className={input}>
          <option value="risk">Suspicious first</option>
          <option value="newest">Newest first</option>
        </select>
      </Field>
      <div className="col-span-2 flex items-end gap-2 md:col-span-4 lg:col-span-7">
        <button
          type="submit"
          className="rounded-lg bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
        >
          Apply filters
        </button>
        <Link href="/admin/attempts" className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100">
          Clear
        </Link>
      </div>
    </form>
  );
}
