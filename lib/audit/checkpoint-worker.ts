import { db } from "../db";
import { readEnv } from "../env";
import { logEvent } from "../log";
import { checkpointDue } from "./checkpoint-schedule";
import { emitCheckpoint } from "./emit-checkpoint";

const TICK_MS = 60_000;
const state = globalThis as unknown as { checkpointWorker?: { timer: NodeJS.Timeout; running: boolean; failing: boolean } };

/**
 * Signs the chain's head every AUDIT_CHECKPOINT_MINUTES from the web process (started in
 * instrumentation.ts), so deleting the newest events is noticed without a cron job. Every
 * instance looks, at most one a minute; the newest checkpoint in the database decides, so
 * several instances add about one checkpoint per interval between them.
 */
export function startCheckpointWorker(): void {
  if (state.checkpointWorker) return;
  const worker = { timer: setInterval(() => void tick(), TICK_MS), running: false, failing: false };
  worker.timer.unref();
  state.checkpointWorker = worker;
  void tick();
}

async function tick(): Promise<void> {
  const worker = state.checkpointWorker;
  if (!worker || worker.running) return;
  worker.running = true;
  try {
    const newest = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { createdAt: true } });
    if (checkpointDue(newest?.createdAt ?? null, new Date(), readEnv().AUDIT_CHECKPOINT_MINUTES)) await emitCheckpoint();
    worker.failing = false;
  } catch (error) {
    // Logged once per outage, not once a minute.
    if (!worker.failing) logEvent("error", "audit.checkpoint_failed", { message: error instanceof Error ? error.message : String(error) });
    worker.failing = true;
  } finally {
    worker.running = false;
  }
}
