import { logEvent } from "../log";
import { deliverDueEmails } from "./deliver-outbox";

const POLL_MS = 2_000;
const state = globalThis as unknown as { outboxWorker?: { timer: NodeJS.Timeout; running: boolean; again: boolean } };

/** Starts the per-process delivery loop (from instrumentation.ts). Safe to call twice. */
export function startOutboxWorker(): void {
  if (state.outboxWorker) return;
  state.outboxWorker = { timer: setInterval(() => kickOutbox(), POLL_MS), running: false, again: false };
  state.outboxWorker.timer.unref();
}

/** Delivers now instead of at the next poll; used right after a message is queued. */
export function kickOutbox(): void {
  const worker = state.outboxWorker;
  if (!worker) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  worker.running = true;
  void (async () => {
    try {
      // Keep going while batches come back full of work or a kick arrived meanwhile.
      for (;;) {
        worker.again = false;
        const { sent, failed } = await deliverDueEmails();
        if (sent + failed === 0 && !worker.again) break;
      }
    } catch (error) {
      logEvent("error", "outbox.worker_error", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      worker.running = false;
    }
  })();
}
