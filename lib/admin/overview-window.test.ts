import { describe, expect, it } from "vitest";
import { bucketOf, bucketStarts, overviewWindow, parseWindowKey, wholeHours } from "./overview-window";

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

describe("whole hours of a window", () => {
  it("are the hours that lie entirely inside it", () => {
    const window = overviewWindow("24h", new Date("2026-03-02T09:30:00Z"));
    const hours = wholeHours(window);
    expect(hours.from.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(hours.to.toISOString()).toBe("2026-03-02T09:00:00.000Z");
  });

  it("start and end exactly at the window's edges when it is hour-aligned", () => {
    const window = overviewWindow("7d", new Date("2026-03-02T09:00:00Z"));
    const hours = wholeHours(window);
    expect(hours.from.toISOString()).toBe("2026-02-23T09:00:00.000Z");
    expect(hours.to).toEqual(window.to);
  });

  it("are empty when the window holds no whole hour", () => {
    const window = { ...overviewWindow("24h", new Date("2026-03-02T09:30:00Z")), from: new Date("2026-03-02T08:45:00Z") };
    const hours = wholeHours(window);
    expect(hours.from).toEqual(hours.to);
  });
});

describe("bucket of a moment", () => {
  it("is the UTC-aligned bucket start, as date_bin from the epoch", () => {
    const sixHourly = overviewWindow("7d", new Date("2026-03-02T09:30:00Z"));
    expect(bucketOf(sixHourly, "2026-03-01T17:59:59.999Z")).toBe("2026-03-01T12:00:00.000Z");
    expect(bucketOf(sixHourly, new Date("2026-03-01T18:00:00Z"))).toBe("2026-03-01T18:00:00.000Z");
    const daily = overviewWindow("30d", new Date("2026-03-02T09:30:00Z"));
    expect(bucketOf(daily, "2026-02-10T23:00:00.000Z")).toBe("2026-02-10T00:00:00.000Z");
  });
});
