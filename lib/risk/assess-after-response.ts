import { after } from "next/server";
import { logEvent } from "../log";
import { assessAttemptRiskQuietly } from "./assess-attempt-risk";
import { currentBackgroundPace } from "./background-pace";

// Scoring takes a few queries. Unbounded, a burst of requests scored all at once drained the
// connection pool and slowed sign-in itself (npm run bench); a small queue per process keeps
// detection in the background, and slows to a trickle while requests queue for the CPU
// (background-pace.ts): under load, scoring took a quarter of the sign-in throughput.
const MAX_WAITING = 5_000;
const waiting: string[] = [];
let running = 0;
let lastStartedAt = 0;
let drainTimer: NodeJS.Timeout | null = null;
let droppedSinceLastLog = 0;

/**
 * Scores an attempt once the answer has gone out, so detection never slows a sign-in.
 * Only for route handlers and server actions (Next.js's after() needs a request).
 */
export function assessRiskAfterResponse(attemptId: string | null | undefined): void {
  if (!attemptId) return;
  after(() => enqueue(attemptId));
}

function enqueue(attemptId: string): Promise<void> {
  if (!waiting.includes(attemptId)) {
    if (waiting.length >= MAX_WAITING) {
      waiting.shift();
      if (droppedSinceLastLog++ === 0) logEvent("warn", "risk.queue_full", { maxWaiting: MAX_WAITING });
    }
    waiting.push(attemptId);
  }
  return drain();
}

async function drain(): Promise<void> {
  while (waiting.length > 0) {
    const pace = currentBackgroundPace();
    if (running >= pace.concurrency) return;
    const wait = lastStartedAt + pace.spacingMs - Date.now();
    if (wait > 0) {
      drainTimer ??= setTimeout(() => {
        drainTimer = null;
        void drain();
      }, wait);
      return;
    }
    const next = waiting.shift()!;
    running++;
    lastStartedAt = Date.now();
    void assessAttemptRiskQuietly(next).finally(() => {
      running--;
      if (waiting.length === 0) droppedSinceLastLog = 0;
      void drain();
    });
  }
}
