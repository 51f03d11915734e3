import { afterEach, describe, expect, it } from "vitest";
import { drainOutboxHere, kickOutbox } from "./outbox-worker";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("kickOutbox in a process that works jobs", () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it("runs one pass at a time, and one more pass for the kicks that came while it ran", async () => {
    const passes: Array<ReturnType<typeof gate>> = [];
    let started = 0;
    stop = drainOutboxHere(async () => {
      const g = gate();
      passes.push(g);
      started++;
      await g.opened;
    });
    kickOutbox();
    kickOutbox();
    kickOutbox();
    expect(started).toBe(1);
    passes[0].open();
    await expect.poll(() => started).toBe(2);
    passes[1].open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
    // Idle again: the next kick starts a pass at once.
    kickOutbox();
    expect(started).toBe(3);
    passes[2].open();
  });

  it("keeps draining after a pass failed", async () => {
    let calls = 0;
    stop = drainOutboxHere(async () => {
      calls++;
      if (calls === 1) throw new Error("database busy");
    });
    kickOutbox();
    await expect.poll(() => calls).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    kickOutbox();
    await expect.poll(() => calls).toBe(2);
  });
});
