import { describe, expect, it } from "vitest";
import { isIP } from "node:net";
import { benchRecipient, clientAddress } from "./spread";

describe("clientAddress", () => {
  it("gives a distinct public IPv4 address to each of many requests", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 50_000; n++) seen.add(clientAddress(n));
    expect(seen.size).toBe(50_000);
    for (const address of [...seen].slice(0, 1000)) {
      expect(isIP(address)).toBe(4);
      expect(address).not.toMatch(/^(10|127|0|169\.254|192\.168|172\.(1[6-9]|2\d|3[01]))\./);
    }
  });

  it("spreads neighbouring requests over different networks", () => {
    const slash24 = (address: string) => address.split(".").slice(0, 3).join(".");
    const networks = new Set(Array.from({ length: 1000 }, (_, n) => slash24(clientAddress(n))));
    expect(networks.size).toBeGreaterThan(990);
  });

  it("refuses indexes it cannot map to a distinct address", () => {
    expect(() => clientAddress(-1)).toThrow(RangeError);
    expect(() => clientAddress(8 * 2 ** 24)).toThrow(RangeError);
    expect(() => clientAddress(1.5)).toThrow(RangeError);
  });
});

describe("benchRecipient", () => {
  it("is unique per run and index", () => {
    expect(benchRecipient("a1", 1)).not.toBe(benchRecipient("a1", 2));
    expect(benchRecipient("a1", 1)).not.toBe(benchRecipient("b2", 1));
    expect(benchRecipient("a1", 5)).toMatch(/^bench-a1-5@/);
  });
});
