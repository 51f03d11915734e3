import { formatDateTime } from "@/lib/format/time";

/** Account pages write moments the product's one way (lib/format/time.ts); a moment that never came is "never". */
export function formatTime(at: Date | null | undefined): string {
  return at ? formatDateTime(at) : "never";
}
