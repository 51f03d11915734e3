import { hitCounters } from "../rate-limit/counters";

/**
 * Repeated failures from one source (a network refused again and again, a link fetched in a
 * loop, junk tokens sent to Auth.js's callback) must not append one chained event each: a flood
 * would fill the trail and queue every real sign-in behind the chain's lock. Within a window,
 * only the 1st, 2nd, 4th, 8th… occurrence of the same kind from the same source is recorded,
 * each carrying how many there have been so far. A flood of N adds about log2(N) events per
 * source per window, and the first occurrence, which a real attack needs to be seen, always is.
 */
export const REPEAT_WINDOW_SECONDS = 60;

export interface RepeatSample {
  record: boolean;
  /** Occurrences of this kind from this source in the current window, this one included. */
  occurrences: number;
}

/** Pure: the 1st, 2nd, 4th, 8th… occurrence is recorded. */
export function isSampledOccurrence(occurrences: number): boolean {
  return occurrences >= 1 && (occurrences & (occurrences - 1)) === 0;
}

export async function sampleRepeat(kind: string, source: string, now: Date = new Date()): Promise<RepeatSample> {
  try {
    const {
      counts: { occurrences },
    } = await hitCounters([{ name: "occurrences", key: `audit-repeat:${kind}:${source}`, windowSeconds: REPEAT_WINDOW_SECONDS }], now);
    return { record: isSampledOccurrence(occurrences), occurrences };
  } catch {
    // Without a counter store, record: losing evidence is worse than a longer trail.
    return { record: true, occurrences: 1 };
  }
}
