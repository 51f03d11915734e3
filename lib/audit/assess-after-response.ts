import { after } from "next/server";
import { logEvent } from "../log";
import { assessAttemptRiskQuietly } from "./assess-attempt-risk";

// Scoring takes a turn on the audit chain's lock and a few queries. Unbounded, a burst of
// requests scored all at once drained the connection pool and slowed sign-in itself
// (npm run bench); a small queue per process keeps detection in the background.
const MAX_RUNNING = 2;
const MAX_WAITING = 1_000;
const waiting: string[] = [];
let running = 0;
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
  while (running < MAX_RUNNING && waiting.length > 0) {
    const next = waiting.shift()!;
    running++;
    void assessAttemptRiskQuietly(next).finally(() => {
      running--;
      if (waiting.length === 0) droppedSinceLastLog = 0;
      void drain();
    });
  }
}
