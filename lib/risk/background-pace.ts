import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * How hard background work (risk scoring) may push while sign-ins are being answered. The
 * signal is the event loop's lag: when timers run late, requests are queueing for the CPU.
 */
export interface BackgroundPace {
  /** How many background jobs may run at once. */
  concurrency: number;
  /** The least time between two job starts. */
  spacingMs: number;
}

const RESOLUTION_MS = 10;
const WINDOW_MS = 500;
/** Timers late by more than this on average, beyond the sampling resolution, mean "busy". */
export const BUSY_LAG_MS = 15;

const CALM: BackgroundPace = { concurrency: 2, spacingMs: 0 };
// Busy: a trickle, so scoring still makes progress under a sustained flood instead of stopping.
const BUSY: BackgroundPace = { concurrency: 1, spacingMs: 250 };

/** Pure: the pace for a measured mean event-loop delay (NaN when nothing was measured). */
export function paceForLag(meanDelayMs: number): BackgroundPace {
  return meanDelayMs - RESOLUTION_MS > BUSY_LAG_MS ? BUSY : CALM;
}

let current = CALM;
let monitoring = false;

/** The pace for the last half second of this process. */
export function currentBackgroundPace(): BackgroundPace {
  if (!monitoring) {
    monitoring = true;
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    setInterval(() => {
      current = paceForLag(histogram.mean / 1e6);
      histogram.reset();
    }, WINDOW_MS).unref();
  }
  return current;
}
