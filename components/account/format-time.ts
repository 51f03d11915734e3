import { formatUtcDateTime } from "@/emails/_components/format-time";

/** Times on account pages are in UTC with the zone named, as in the notice emails. */
export function formatTime(at: Date | null | undefined): string {
  return at ? formatUtcDateTime(at) : "never";
}
