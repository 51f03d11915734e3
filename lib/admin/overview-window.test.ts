import { describe, expect, it } from "vitest";
import { bucketStarts, overviewWindow, parseWindowKey } from "./overview-window";

describe("overview windows", () => {
  it("accept only the known windows, defaulting to 7 days", () => {
    expect(parseWindowKey("24h")).toBe("24h");
    expect(parseWindowKey("30d")).toBe("30d");
    expect(parseWindowKey("1y")).toBe("7d");
    expect(parseWindowKey(["24h"])).toBe("7d");
    expect(parseWindowKey(undefined)).toBe("7d");
  });

  it("end at now and cover the whole duration", () => {
    const now = new Date("2026-03-02T09:30:00Z");
    const window = overviewWindow("24h", now);
    expect(window.from.toISOString()).toBe("2026-03-01T09:30:00.000Z");
    expect(window.to).toBe(now);
  });

  it("has UTC-aligned buckets, including the partial ones at both ends", () => {
    const hourly = bucketStarts(overviewWindow("24h", new Date("2026-03-02T09:30:00Z")));
    expect(hourly).toHaveLength(25);
    expect(hourly[0]).toBe("2026-03-01T09:00:00.000Z");
    expect(hourly.at(-1)).toBe("2026-03-02T09:00:00.000Z");
    const sixHourly = bucketStarts(overviewWindow("7d", new Date("2026-03-02T00:00:00Z")));
    expect(sixHourly).toHaveLength(28);
    expect(sixHourly.every((start) => ["00", "06", "12", "18"].includes(start.slice(11, 13)))).toBe(true);
    expect(bucketStarts(overviewWindow("30d", new Date("2026-03-02T12:00:00Z")))).toHaveLength(31);
  });
});
