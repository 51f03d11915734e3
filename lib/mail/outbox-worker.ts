import { enqueueJob } from "../jobs/job-queue";
import { logEvent } from "../log";

/**
 * How this process drains the outbox when it works jobs itself (registered by the job runner):
 * on globalThis, because Next.js bundles instrumentation.ts (which starts the runner) apart
 * from the routes (which kick), and each bundle has its own copy of this module.
 */
const local = globalThis as unknown as { outboxDrain?: Drain };

interface Drain {
  running: boolean;
  /** A kick came while a pass ran: rows it committed may have been missed, so run once more. */
  again: boolean;
  pass: () => Promise<void>;
}

/**
 * Asks for the outbox to be delivered now instead of at the next sweep (every 5 s); called
 * after a transaction that queued mail commits. A process that works jobs (JOBS_MODE=web, the
 * default, or the worker) drains at once in process, one pass at a time: no job row per
 * message, which cost a round trip and a pg-boss insert on every sign-in request. Any other
 * process adds a "deliver-outbox" job for the process that works them, one at a time too.
 * The EmailOutbox rows are the durable queue of mail: a lost nudge only waits for the sweep.
 */
export function kickOutbox(): void {
  const drain = local.outboxDrain ?? remoteNudge;
  if (drain.running) {
    drain.again = true;
    return;
  }
  drain.running = true;
  void (async () => {
    try {
      do {
        drain.again = false;
        await drain.pass();
      } while (drain.again);
    } catch (error) {
      logEvent("error", "outbox.drain_failed", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      drain.running = false;
    }
  })();
}

const remoteNudge: Drain = { running: false, again: false, pass: () => enqueueJob("deliver-outbox", null) };

/**
 * The job runner of this process calls this: kicks then drain here with `pass` (the
 * deliver-outbox job's handler) until the returned function is called (the runner stops).
 */
export function drainOutboxHere(pass: () => Promise<void>): () => void {
  const drain: Drain = { running: false, again: false, pass };
  local.outboxDrain = drain;
  return () => {
    if (local.outboxDrain === drain) local.outboxDrain = undefined;
  };
}
