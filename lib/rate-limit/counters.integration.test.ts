import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hitCounters, readCounters, type CounterSpec } from "./counters";

const unique = () => randomBytes(4).toString("hex");

describe("counters in PostgreSQL", () => {
  it("counts every one of 50 concurrent hits exactly once", async () => {
    const spec: CounterSpec = { name: "n", key: `test-exact:${unique()}`, windowSeconds: 60 };
    const hits = await Promise.all(Array.from({ length: 50 }, () => hitCounters([spec])));
    expect(hits.map((hit) => hit.counts.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it("counts several counters in one call and gives refunds back", async () => {
    const specs: CounterSpec[] = [
      { name: "a", key: `test-a:${unique()}`, windowSeconds: 60 },
      { name: "b", key: `test-b:${unique()}`, windowSeconds: 60 },
    ];
    await hitCounters(specs);
    const second = await hitCounters(specs);
    expect(second.counts).toEqual({ a: 2, b: 2 });
    await second.refund(["b"]);
    expect(await readCounters(specs)).toEqual({ a: 2, b: 1 });
  });

  it("starts a new window once the old one has passed", async () => {
    const spec: CounterSpec = { name: "n", key: `test-window:${unique()}`, windowSeconds: 60 };
    const start = new Date();
    await hitCounters([spec], start);
    await hitCounters([spec], new Date(start.getTime() + 30_000));
    expect((await hitCounters([spec], new Date(start.getTime() + 61_000))).counts.n).toBe(1);
  });

  it("adds up the shards of a sharded counter, whichever shard a hit lands on", async () => {
    const spec: CounterSpec = { name: "g", key: `test-sharded:${unique()}`, windowSeconds: 60, shards: 4 };
    for (let n = 0; n < 8; n++) await hitCounters([spec], new Date(), () => n % 4);
    expect((await readCounters([spec])).g).toBe(8);
    expect((await hitCounters([spec], new Date(), () => 2)).counts.g).toBe(9);
  });

  it("a refund goes back to the very shard that was counted, so refused requests never leave the total inflated", async () => {
    const spec: CounterSpec = { name: "g", key: `test-refund-shard:${unique()}`, windowSeconds: 60, shards: 8 };
    for (let n = 0; n < 40; n++) await (await hitCounters([spec])).refund(["g"]);
    expect((await readCounters([spec])).g).toBe(0);
  });
});
